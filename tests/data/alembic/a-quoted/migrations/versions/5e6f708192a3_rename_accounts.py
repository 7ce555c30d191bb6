r"""rename accounts to \users\ (the raw docstring keeps its backslashes)

Revision ID: 5e6f708192a3
Revises: 4d5e6f708192
Create Date: 2024-03-19 08:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = u'5e6f708192a3'
down_revision = ('4d5e6f708192')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table('accounts', 'users')


def downgrade() -> None:
    op.rename_table('users', 'accounts')

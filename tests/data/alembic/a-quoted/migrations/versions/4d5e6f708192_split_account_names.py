"""split account names into first and last name

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2024-03-02 11:02:47.003311

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = ("4d5e6f"
            "708192")
down_revision = '3c4d5e' "6f7081"
branch_labels = \
    None
depends_on = None


def upgrade() -> None:
    op.add_column('accounts', sa.Column('first_name', sa.String(length=100)))
    op.add_column('accounts', sa.Column('last_name', sa.String(length=100)))


def downgrade() -> None:
    op.drop_column('accounts', 'last_name')
    op.drop_column('accounts', 'first_name')

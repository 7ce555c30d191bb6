"""widen columns

Revision ID: 083
Revises: kilo
Create Date: 2020-01-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '083'
down_revision = 'kilo'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('items') as batch_op:
        batch_op.alter_column('text', type_=sa.UnicodeText())


def downgrade() -> None:
    with op.batch_alter_table('items') as batch_op:
        batch_op.alter_column('text', type_=sa.Text())

"""create orders

Revision ID: 5b7e2d9f0a11
Revises: 3f9a1c2b4d5e
Create Date: 2024-09-03 10:15:00.000002

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7e2d9f0a11'
down_revision = '3f9a1c2b4d5e'
branch_labels = ('orders',)
depends_on = None


def upgrade() -> None:
    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('orders')

"""create invoices

Revision ID: 6c1d8e3a2f47
Revises: 3f9a1c2b4d5e
Create Date: 2024-09-03 11:20:00.000003

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c1d8e3a2f47'
down_revision = '3f9a1c2b4d5e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invoices', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('invoices')

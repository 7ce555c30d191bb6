"""create audit log

Revision ID: 7d2e9f4b3a58
Revises: 3f9a1c2b4d5e
Create Date: 2024-09-04 08:05:00.000004

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d2e9f4b3a58'
down_revision = '3f9a1c2b4d5e'
branch_labels = 'audit'
depends_on = '5b7e2d9f0a11'


def upgrade() -> None:
    op.create_table('audit_log', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('order_id', sa.Integer()))


def downgrade() -> None:
    op.drop_table('audit_log')

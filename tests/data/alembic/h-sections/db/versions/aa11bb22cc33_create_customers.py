"""create customers

Revision ID: aa11bb22cc33
Revises: 
Create Date: 2024-01-08 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aa11bb22cc33'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customers', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('customers')

"""initial hosts schema

Revision ID: c0ffee000001
Revises: 
Create Date: 2022-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0ffee000001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hosts', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('hosts')

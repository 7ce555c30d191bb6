"""add host zone

Revision ID: c0ffee000006
Revises: c0ffee000004
Create Date: 2023-07-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0ffee000006"
down_revision = "c0ffee000004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('hosts', sa.Column('zone_id', sa.Integer()))


def downgrade() -> None:
    op.drop_column('hosts', 'zone_id')

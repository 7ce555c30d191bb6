"""add zones

Revision ID: c0ffee000004
Revises: c0ffee000003
Create Date: 2023-07-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0ffee000004"
down_revision = "c0ffee000003"
branch_labels = ("expand",)
depends_on = None


def upgrade() -> None:
    op.create_table('zones', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('zones')

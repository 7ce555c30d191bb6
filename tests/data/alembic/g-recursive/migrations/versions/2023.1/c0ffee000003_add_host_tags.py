"""add host tags

Revision ID: c0ffee000003
Revises: c0ffee000002
Create Date: 2023-02-20 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0ffee000003"
down_revision = "c0ffee000002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('host_tags', sa.Column('host_id', sa.Integer()), sa.Column('tag', sa.String(40)))


def downgrade() -> None:
    op.drop_table('host_tags')

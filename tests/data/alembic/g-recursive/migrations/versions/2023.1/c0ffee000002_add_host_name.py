"""add host name

Revision ID: c0ffee000002
Revises: c0ffee000001
Create Date: 2023-01-15 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0ffee000002"
down_revision = "c0ffee000001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('hosts', sa.Column('name', sa.String(100)))


def downgrade() -> None:
    op.drop_column('hosts', 'name')

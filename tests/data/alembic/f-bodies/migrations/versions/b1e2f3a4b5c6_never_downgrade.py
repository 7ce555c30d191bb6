"""drop the old events table

Revision ID: b1e2f3a4b5c6
Revises: a0d1e2f3a4b5
Create Date: 2025-02-10 17:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b1e2f3a4b5c6'
down_revision = 'a0d1e2f3a4b5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('events')

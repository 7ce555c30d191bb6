"""normalize locked text default

Revision ID: normalize_locked_text_default
Revises: 083
Create Date: 2020-02-17 11:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'normalize_locked_text_default'
down_revision = '083'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE items SET text = '' WHERE text IS NULL")


def downgrade() -> None:
    pass

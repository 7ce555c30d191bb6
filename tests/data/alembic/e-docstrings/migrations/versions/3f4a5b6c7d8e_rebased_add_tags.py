"""add document tags (rebased onto the backfill)

Revision ID: 3f4a5b6c7d8e
Revises: 1d2e3f4a5b6c
Create Date: 2024-05-09 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3f4a5b6c7d8e"
down_revision = "2e3f4a5b6c7d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("tags", sa.String(255)))


def downgrade() -> None:
    op.drop_column("documents", "tags")

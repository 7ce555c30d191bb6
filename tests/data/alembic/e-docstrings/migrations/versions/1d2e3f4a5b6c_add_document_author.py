from alembic import op
import sqlalchemy as sa

"""add document author

Revision ID: 1d2e3f4a5b6c
Revises: 0c1d2e3f4a5b
Create Date: 2024-05-08 15:42:10.000000

"""

# revision identifiers, used by Alembic.
revision = "1d2e3f4a5b6c"
down_revision = "0c1d2e3f4a5b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("author", sa.String(120)))


def downgrade() -> None:
    op.drop_column("documents", "author")

"""add document language
    
Not a paragraph break for Alembic: the line above holds spaces.

Revision ID: 4a5b6c7d8e9f
Revises: 3f4a5b6c7d8e
Create Date: 2024-05-20 11:11:11.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4a5b6c7d8e9f"
down_revision = "3f4a5b6c7d8e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("language", sa.String(8), server_default="en"))


def downgrade() -> None:
    op.drop_column("documents", "language")

"""Keep every version of a document.	Tabs stay tabs.
Revision ID: 6c7d8e9f0a1b
Revises: 5b6c7d8e9f0a
Create Date: 2024-06-01 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = "6c7d8e9f0a1b"
down_revision = "5b6c7d8e9f0a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_versions",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("document_versions")

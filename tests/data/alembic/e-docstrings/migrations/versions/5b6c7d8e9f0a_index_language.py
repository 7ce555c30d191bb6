"""

   Index documents.language   

Revision ID: 5b6c7d8e9f0a
Revises: 4a5b6c7d8e9f
Create Date: 2024-05-21 08:00:00.000000
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "5b6c7d8e9f0a"
down_revision = "4a5b6c7d8e9f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_language", "documents", ["language"])


def downgrade() -> None:
    op.drop_index("ix_documents_language", table_name="documents")

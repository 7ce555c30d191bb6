# Copyright 2024 The Documents Authors.
# SPDX-License-Identifier: Apache-2.0
"""Create the documents table and its
full-text index, in one step

The index is created in the same revision because the search page
reads it from the first deploy.

Revision ID: 0c1d2e3f4a5b
Revises: 
Create Date: 2024-05-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0c1d2e3f4a5b"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_index("ix_documents_body", "documents", ["body"])


def downgrade() -> None:
    op.drop_index("ix_documents_body", table_name="documents")
    op.drop_table("documents")

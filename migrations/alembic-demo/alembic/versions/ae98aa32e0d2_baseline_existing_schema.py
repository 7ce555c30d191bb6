"""baseline existing schema

The database already has the schema (init.sql): this revision changes nothing and marks the state
Alembic starts from. `alembic stamp head` records it on an existing database.

Revision ID: ae98aa32e0d2
Revises: 
Create Date: 2025-10-15 10:24:31.118062

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ae98aa32e0d2'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""baseline: the schema as it was before Alembic

Revision ID: 7a8b9c0d1e2f
Revises: 
Create Date: 2025-01-10 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a8b9c0d1e2f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""merge all branches

Revision ID: a051c27e6d8b
Revises: 8e3fa05c4b69, 7d2e9f4b3a58, b162d38f7e9c
Create Date: 2024-09-10 15:30:00.000006

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a051c27e6d8b'
down_revision = ['8e3fa05c4b69', '7d2e9f4b3a58', 'b162d38f7e9c']
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

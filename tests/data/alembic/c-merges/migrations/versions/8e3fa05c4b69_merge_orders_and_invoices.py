"""merge orders and invoices

Revision ID: 8e3fa05c4b69
Revises: 5b7e2d9f0a11, 6c1d8e3a2f47
Create Date: 2024-09-05 12:00:00.000005

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e3fa05c4b69'
down_revision = ('5b7e2d9f0a11', '6c1d8e3a2f47')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

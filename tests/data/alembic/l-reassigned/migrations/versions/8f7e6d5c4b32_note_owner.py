"""note owner

Revision ID: 8f7e6d5c4b32
Revises: 7e6d5c4b3a21
Create Date: 2025-04-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

PREVIOUS = '7e6d5c4b3a21'

# revision identifiers, used by Alembic.
revision = '8f7e6d5c4b32'
down_revision = PREVIOUS
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('notes', sa.Column('owner_id', sa.Integer()))


def downgrade() -> None:
    op.drop_column('notes', 'owner_id')

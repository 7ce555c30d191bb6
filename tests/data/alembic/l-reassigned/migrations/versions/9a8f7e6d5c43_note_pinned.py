"""note pinned flag

Revision ID: 9a8f7e6d5c43
Revises: 7e6d5c4b3a21
Create Date: 2025-04-05 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'placeholder'
down_revision = '7e6d5c4b3a21'
branch_labels = ('pinning',)
depends_on = None

# Rebased after 8f7e6d5c4b32 was merged first; the header above was left as it was.
revision = '9a8f7e6d5c43'
down_revision = '8f7e6d5c4b32'
branch_labels = None


def upgrade() -> None:
    op.add_column('notes', sa.Column('pinned', sa.Boolean(), server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('notes', 'pinned')

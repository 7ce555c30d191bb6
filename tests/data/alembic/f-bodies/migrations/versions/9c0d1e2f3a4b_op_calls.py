"""events get a timestamp and a source

Revision ID: 9c0d1e2f3a4b
Revises: 8b9c0d1e2f3a
Create Date: 2025-01-20 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c0d1e2f3a4b'
down_revision = '8b9c0d1e2f3a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('events', sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False))
    op.add_column('events', sa.Column('source', sa.String(length=60), nullable=True))
    op.create_index(op.f('ix_events_created_at'), 'events', ['created_at'], unique=False)

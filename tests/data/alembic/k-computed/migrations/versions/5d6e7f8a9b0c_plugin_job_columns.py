"""job columns the scheduler plugin needs

Revision ID: 5d6e7f8a9b0c
Revises: 4c5d6e7f8a9b
Create Date: 2025-03-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d6e7f8a9b0c'
down_revision = '4c5d6e7f8a9b'
branch_labels = None

# The plugin ships its own migrations; when it is installed this revision waits for them.
try:
    import scheduler_plugin.migrations

    depends_on = scheduler_plugin.migrations.HEAD_REVISION
except ImportError:
    depends_on = None


def upgrade() -> None:
    op.add_column('jobs', sa.Column('schedule', sa.String(100)))


def downgrade() -> None:
    op.drop_column('jobs', 'schedule')

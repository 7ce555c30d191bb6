"""backfill locale from the e-mail domain

Revision ID: 3c0000000003
Revises: 2b0000000002
Create Date: 2026-12-01 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '3c0000000003'
down_revision = '2b0000000002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    accounts = connection.execute(sa.text("SELECT id, email FROM accounts")).fetchall()
    for account in accounts:
        if account.email.endswith('.de'):
            connection.execute(sa.text("UPDATE accounts SET locale = 'de' WHERE id = :id"), {'id': account.id})


def downgrade() -> None:
    op.execute("UPDATE accounts SET locale = 'en'")

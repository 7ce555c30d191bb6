"""add user locale

Revision ID: 8c4f2b6e9d31
Revises: 5b2e44c0a1f3
Create Date: 2025-10-24 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c4f2b6e9d31'
down_revision = '5b2e44c0a1f3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('app_users', sa.Column('locale', sa.String(length=16), server_default='en', nullable=False))
    op.execute("UPDATE app_users SET locale = 'de' WHERE email LIKE '%.de'")


def downgrade() -> None:
    op.drop_column('app_users', 'locale')

"""add locale, drop the legacy code

Revision ID: 2b0000000002
Revises: 1a0000000001
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '2b0000000002'
down_revision = '1a0000000001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('accounts', sa.Column('locale', sa.String(length=16), server_default='en', nullable=False))
    op.drop_column('accounts', 'legacy_code')


def downgrade() -> None:
    op.add_column('accounts', sa.Column('legacy_code', sa.String(length=20), nullable=True))
    op.drop_column('accounts', 'locale')

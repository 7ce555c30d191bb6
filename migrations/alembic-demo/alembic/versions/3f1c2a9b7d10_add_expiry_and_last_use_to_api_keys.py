"""add expiry and last use to api keys

Revision ID: 3f1c2a9b7d10
Revises: ae98aa32e0d2
Create Date: 2025-10-16 09:12:44.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1c2a9b7d10'
down_revision = 'ae98aa32e0d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('api_keys', sa.Column('expires_at', sa.DateTime(), nullable=True))
    op.add_column('api_keys', sa.Column('last_used_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('api_keys', 'last_used_at')
    op.drop_column('api_keys', 'expires_at')

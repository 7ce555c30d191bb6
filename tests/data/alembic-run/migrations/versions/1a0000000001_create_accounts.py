"""create accounts

Revision ID: 1a0000000001
Revises:
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '1a0000000001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('legacy_code', sa.String(length=20), nullable=True),
    )
    op.bulk_insert(
        sa.table('accounts', sa.column('id', sa.Integer), sa.column('email', sa.String)),
        [{'id': 1, 'email': 'ada@example.de'}, {'id': 2, 'email': 'bob@example.com'}],
    )


def downgrade() -> None:
    op.drop_table('accounts')

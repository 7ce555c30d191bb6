"""create audit log

Revision ID: 4d0000000004
Revises: 3c0000000003
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '4d0000000004'
down_revision = '3c0000000003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), sa.ForeignKey('accounts.id'), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
    )
    op.create_index('ix_audit_log_account_id', 'audit_log', ['account_id'])


def downgrade() -> None:
    op.drop_index('ix_audit_log_account_id', table_name='audit_log')
    op.drop_table('audit_log')

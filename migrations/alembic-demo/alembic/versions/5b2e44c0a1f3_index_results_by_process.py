"""index results by process

Revision ID: 5b2e44c0a1f3
Revises: 3f1c2a9b7d10
Create Date: 2025-10-20 14:03:10.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e44c0a1f3'
down_revision = '3f1c2a9b7d10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_results_data_process_id'), 'results_data', ['process_id'], unique=False)
    op.create_index(op.f('ix_presentation_records_status'), 'presentation_records', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_presentation_records_status'), table_name='presentation_records')
    op.drop_index(op.f('ix_results_data_process_id'), table_name='results_data')

"""daily totals

Revision ID: dd44ee55ff66
Revises: cc33dd44ee55
Create Date: 2024-02-12 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dd44ee55ff66'
down_revision = 'cc33dd44ee55'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('daily_totals', sa.Column('day', sa.Date(), primary_key=True), sa.Column('total', sa.Numeric(12, 2)))


def downgrade() -> None:
    op.drop_table('daily_totals')

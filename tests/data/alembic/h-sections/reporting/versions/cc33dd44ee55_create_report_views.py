"""create report views

Revision ID: cc33dd44ee55
Revises: 
Create Date: 2024-02-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cc33dd44ee55'
down_revision = None
branch_labels = ('reporting',)
depends_on = 'bb22cc33dd44'


def upgrade() -> None:
    op.execute('CREATE VIEW customer_emails AS SELECT id, email FROM customers')


def downgrade() -> None:
    op.execute('DROP VIEW customer_emails')

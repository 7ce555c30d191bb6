"""create archive

Revision ID: ee55ff660077
Revises: bb22cc33dd44
Create Date: 2024-03-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ee55ff660077'
down_revision = 'bb22cc33dd44'
branch_labels = ('archive',)
depends_on = None


def upgrade() -> None:
    op.create_table('archived_customers', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('archived_customers')

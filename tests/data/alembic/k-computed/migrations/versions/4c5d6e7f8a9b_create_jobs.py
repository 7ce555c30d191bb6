"""create jobs

Revision ID: 4c5d6e7f8a9b
Revises: 
Create Date: 2025-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c5d6e7f8a9b'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('jobs', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('jobs')

"""create reports

Revision ID: f5a6b7c8d9e0
Revises: a051c27e6d8b
Create Date: 2024-09-13 16:00:00.000010

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5a6b7c8d9e0'
down_revision = 'a051c27e6d8b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reports', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('reports')

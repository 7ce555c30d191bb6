"""create notes

Revision ID: 7e6d5c4b3a21
Revises: 
Create Date: 2025-04-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e6d5c4b3a21'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notes', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('body', sa.Text()))


def downgrade() -> None:
    op.drop_table('notes')

"""initial schema

Revision ID: kilo
Revises: 
Create Date: 2019-11-04 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'kilo'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('items', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('text', sa.Text()))


def downgrade() -> None:
    op.drop_table('items')

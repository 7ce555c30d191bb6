"""create tags

Revision ID: b162d38f7e9c
Revises: 3f9a1c2b4d5e
Create Date: 2024-09-06 09:45:00.000007

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b162d38f7e9c'
down_revision = '3f9a1c2b4d5e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(50)))


def downgrade() -> None:
    op.drop_table('tags')

"""create users

Revision ID: 3f9a1c2b4d5e
Revises: 
Create Date: 2024-09-02 09:00:00.000001

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f9a1c2b4d5e'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('users')

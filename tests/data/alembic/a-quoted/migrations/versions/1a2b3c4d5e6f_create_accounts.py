"""create accounts

Revision ID: 1a2b3c4d5e6f
Revises: 
Create Date: 2024-02-05 09:14:22.118304

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a2b3c4d5e6f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(length=100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('accounts')

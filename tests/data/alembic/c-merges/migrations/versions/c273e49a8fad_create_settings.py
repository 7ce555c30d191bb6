"""create settings

Revision ID: c273e49a8fad
Revises: a051c27e6d8b
Create Date: 2024-09-12 10:00:00.000008

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c273e49a8fad'
down_revision = 'a051c27e6d8b'
branch_labels = None
depends_on = ['d384f5ab90be']


def upgrade() -> None:
    op.create_table('settings', sa.Column('key', sa.String(50), primary_key=True), sa.Column('value', sa.Text()))


def downgrade() -> None:
    op.drop_table('settings')

"""2024.1 contract: drop items.text default

Revision ID: 2024_1_contract01
Revises: normalize_locked_text_default
Create Date: 2024-04-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2024_1_contract01'
down_revision = 'normalize_locked_text_default'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('items', sa.Column('locked', sa.Boolean(), server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('items', 'locked')

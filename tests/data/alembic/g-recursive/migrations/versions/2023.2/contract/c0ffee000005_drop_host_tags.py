"""drop host tags

Revision ID: c0ffee000005
Revises: c0ffee000003
Create Date: 2023-07-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0ffee000005"
down_revision = "c0ffee000003"
branch_labels = ("contract",)
depends_on = None


def upgrade() -> None:
    op.drop_table('host_tags')


def downgrade() -> None:
    op.create_table('host_tags', sa.Column('host_id', sa.Integer()), sa.Column('tag', sa.String(40)))

"""note tags

Revision ID: a0b9c8d7e6f5
Revises: 9a8f7e6d5c43
Create Date: 2025-04-09 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a0b9c8d7e6f5'
down_revision: Union[str, None] = '9a8f7e6d5c43'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
branch_labels = 'tagging'
depends_on = ['8f7e6d5c4b32']


def upgrade() -> None:
    op.create_table('note_tags', sa.Column('note_id', sa.Integer()), sa.Column('tag', sa.String(40)))


def downgrade() -> None:
    op.drop_table('note_tags')

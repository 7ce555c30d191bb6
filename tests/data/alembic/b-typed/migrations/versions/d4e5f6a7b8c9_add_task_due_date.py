"""add task due date

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2025-07-15 17:45:09.118230

"""
from typing import Optional, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'd4e5f6a7b8c9'
down_revision: Union[str, sa.Sequence[str], None] = 'c3d4e5f6a7b8'
branch_labels: Optional[str] = None
depends_on: Union[str, sa.Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('tasks', sa.Column('due_date', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('tasks', 'due_date')

"""task status as an enum

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2025-08-04 12:12:12.121212

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "e5f6a7b8c9d0"
down_revision: Union[str, Sequence[str], None] = ("d4e5f6a7b8c9",)
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = "b2c3d4e5f6a7"

task_status = sa.Enum("open", "done", name="task_status")


def upgrade() -> None:
    """Upgrade schema."""
    task_status.create(op.get_bind(), checkfirst=True)
    op.add_column("tasks", sa.Column("status", task_status, server_default="open", nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("tasks", "status")
    task_status.drop(op.get_bind(), checkfirst=True)

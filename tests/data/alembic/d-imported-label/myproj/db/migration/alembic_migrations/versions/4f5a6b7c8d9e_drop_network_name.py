#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License.
#

"""Drop the unused networks.name

Revision ID: 4f5a6b7c8d9e
Revises: 2d3e4f5a6b7c
Create Date: 2015-08-03 09:30:00.000000

"""

from alembic import op

from myproj.db.migration import cli

# revision identifiers, used by Alembic.
revision = '4f5a6b7c8d9e'
down_revision = '2d3e4f5a6b7c'
depends_on = ('3e4f5a6b7c8d',)

# A constant of the module, not a header field.
TABLES = cli.MIGRATION_BRANCHES


def upgrade():
    with op.batch_alter_table('networks') as batch_op:
        batch_op.drop_column('name')

#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License.
#

"""Initial no-op expand rule.

Revision ID: 1c2d3e4f5a6b
Revises: None
Create Date: 2015-06-22 00:00:00.000000

"""

from myproj.db.migration import cli


# revision identifiers, used by Alembic.
revision = '1c2d3e4f5a6b'
down_revision = 'kilo'
branch_labels = (cli.EXPAND_BRANCH,)


def upgrade():
    pass

#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License.
#

"""Initial no-op contract rule.

Revision ID: 2d3e4f5a6b7c
Revises: None
Create Date: 2015-06-22 00:00:00.000000

"""

from myproj.db.migration.cli import CONTRACT_BRANCH
from myproj.db.migration.cli import INITIAL_RELEASE


# revision identifiers, used by Alembic.
revision = '2d3e4f5a6b7c'
down_revision = INITIAL_RELEASE
branch_labels = (CONTRACT_BRANCH,)


def upgrade():
    pass

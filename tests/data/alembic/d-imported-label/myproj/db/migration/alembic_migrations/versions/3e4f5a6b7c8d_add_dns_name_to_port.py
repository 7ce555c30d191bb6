#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License.
#

"""Add dns_name to networks

Revision ID: 3e4f5a6b7c8d
Revises: 1c2d3e4f5a6b
Create Date: 2015-07-20 12:08:14.000000

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '3e4f5a6b7c8d'
down_revision = '1c2d3e4f5a6b'


def upgrade():
    op.add_column('networks', sa.Column('dns_name', sa.String(255), nullable=True))

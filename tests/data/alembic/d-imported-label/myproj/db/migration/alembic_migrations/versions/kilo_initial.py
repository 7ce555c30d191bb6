#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License.
#

"""kilo initial

Revision ID: kilo
Revises: None
Create Date: 2015-04-01 00:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'kilo'
down_revision = None


def upgrade():
    op.create_table(
        'networks',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255)),
    )

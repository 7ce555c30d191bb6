"""seed reference data

Revision ID: d384f5ab90be
Revises: 
Create Date: 2024-09-11 13:00:00.000009

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd384f5ab90be'
down_revision = None
branch_labels = ('refdata',)
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(80))")


def downgrade() -> None:
    op.execute("DROP TABLE countries")

"Index accounts.email (unique) — requested by the café team."
from alembic import op


# revision identifiers, used by Alembic.
revision = """3c4d5e6f7081"""
down_revision = '''2b3c4d5e6f70'''
branch_labels = ()
depends_on = None


def upgrade() -> None:
    op.create_index("ix_accounts_email", "accounts", ["email"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_accounts_email", table_name="accounts")

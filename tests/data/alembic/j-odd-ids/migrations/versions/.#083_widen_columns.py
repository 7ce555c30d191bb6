This is an editor lock file, not Python: Alembic skips names that start with .#

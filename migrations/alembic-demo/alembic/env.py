"""Alembic's environment: the database URL from DATABASE_URL, autogenerate kept off Retort's tables."""
import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# The application's models (Base.metadata from app.util.database) when it is importable; None keeps
# autogenerate off but lets upgrade, stamp and current run without the application installed.
try:
    from app.util.database import Base

    target_metadata = Base.metadata
except ImportError:
    target_metadata = None

# Tables Retort keeps in the same database when it runs these migrations: its history of runs
# (history_table, retort_history by default) and the mark of a production database. No model describes
# them, so autogenerate would propose to drop them; they are left out of its comparison. (Retort's run
# lock is an advisory lock or a file lock, never a table.) The legacy tables the seed lists stay out too,
# until they get models.
RETORT_TABLES = {"retort_history", "retort_production_mark"}
LEGACY_TABLES = {
    "app_processes",
    "app_workflows",
    "app_workflow_meta",
    "app_prompts",
    "app_sequence_order",
    "app_dimension_order",
    "app_storage_items",
    "cache_scraped_raw",
}


def include_name(name, type_, parent_names):
    """Autogenerate's filter on names reflected from the database: Retort's and the legacy tables are skipped."""
    if type_ == "table":
        return name not in RETORT_TABLES and name not in LEGACY_TABLES
    return True


def database_url():
    """The deployment's DATABASE_URL, else the ini's sqlalchemy.url (a placeholder)."""
    return os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")


def run_migrations_offline() -> None:
    """Run migrations in 'offline' mode: the SQL is written out, nothing is connected."""
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        include_name=include_name,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations in 'online' mode, on a connection to DATABASE_URL."""
    section = config.get_section(config.config_ini_section, {})
    # In the dict rather than through set_main_option: a password may hold a '%'.
    section["sqlalchemy.url"] = database_url()
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)

    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, include_name=include_name)

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

import os
from configparser import ConfigParser
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.engine import make_url

from stkapp.extensions import Base
from stkapp.migrations import ensure_sqlite_dir, import_models, sync_url
from stkapp.settings import Config as Settings

config = context.config

if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

import_models()
target_metadata = Base.metadata


def ini_url():
    """sqlalchemy.url exactly as alembic.ini has it, before any caller touched the Config."""
    if config.config_file_name is None:
        return None
    parser = ConfigParser({"here": os.path.dirname(os.path.abspath(config.config_file_name))})
    parser.read(config.config_file_name)
    return parser.get(config.config_ini_section, "sqlalchemy.url", fallback=None)


def database_url():
    """Which database to migrate.

    1. A caller's URL: `config.set_main_option("sqlalchemy.url", url)` (any value that
       differs from alembic.ini's), or any value when
       `config.attributes["sqlalchemy_url_from_caller"]` is true. Tools use this to point
       migrations at a throwaway database.
    2. Otherwise the app settings' SQLALCHEMY_DATABASE_URI, converted to a sync driver.
       alembic.ini's sqlalchemy.url is only a fallback for when that is empty.
    """
    configured = config.get_main_option("sqlalchemy.url")
    if configured and (config.attributes.get("sqlalchemy_url_from_caller") or configured != ini_url()):
        return configured
    if Settings.SQLALCHEMY_DATABASE_URI:
        return sync_url(Settings.SQLALCHEMY_DATABASE_URI)
    return configured


URL = database_url()
IS_SQLITE = make_url(URL).get_backend_name() == "sqlite"

CONTEXT_OPTIONS = dict(
    target_metadata=target_metadata,
    compare_type=True,
    compare_server_default=True,
    # SQLite cannot ALTER most things; batch mode recreates the table instead.
    render_as_batch=IS_SQLITE,
)


def run_migrations_offline():
    """`alembic upgrade --sql`: print the SQL instead of running it."""
    context.configure(url=URL, literal_binds=True, dialect_opts={"paramstyle": "named"}, **CONTEXT_OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    if IS_SQLITE:
        ensure_sqlite_dir(URL)
    connectable = engine_from_config({"sqlalchemy.url": URL}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, **CONTEXT_OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

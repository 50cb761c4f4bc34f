"""Helpers shared by alembic/env.py, the `db` CLI group and checks.py."""
import importlib
import os
from pathlib import Path

from alembic.config import Config
from sqlalchemy.engine import make_url

PACKAGE = __name__.rpartition(".")[0]  # the app package, whatever it is called
PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent

# async driver -> the sync driver Alembic runs with
SYNC_DRIVERS = {
    "sqlite+aiosqlite": "sqlite",
    "postgresql+asyncpg": "postgresql+psycopg2",
}


def import_models():
    """Import every `<package>.<feature>.models` so Base.metadata knows all tables."""
    imported = []
    for feature in sorted(p.parent.name for p in PACKAGE_DIR.glob("*/models.py")):
        name = f"{PACKAGE}.{feature}.models"
        importlib.import_module(name)
        imported.append(name)
    return imported


def sync_url(url):
    """`sqlite+aiosqlite:///x.db` -> `sqlite:///x.db`; `postgresql+asyncpg://` -> `postgresql+psycopg2://`."""
    scheme, sep, rest = url.partition("://")
    return SYNC_DRIVERS.get(scheme, scheme) + sep + rest


def ensure_sqlite_dir(url):
    """Create the folder of a file-based SQLite database (e.g. instance/) if it is missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        folder = os.path.dirname(os.path.abspath(parsed.database))
        os.makedirs(folder, exist_ok=True)


def build_config(url=None):
    """An Alembic Config for this project that works from any working directory.

    Passing `url` sets `sqlalchemy.url`, which env.py then uses instead of the settings.
    """
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config

import os
from pathlib import Path

try:  # .env is also read by the Quart CLI; this covers `alembic` and `python checks.py`
    from dotenv import load_dotenv
except ImportError:  # pragma: no cover
    load_dotenv = None

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"

if load_dotenv is not None:
    load_dotenv(ROOT / ".env")  # never overrides variables already set

DEFAULT_DATABASE_URI = f"sqlite+aiosqlite:///{INSTANCE_DIR / 'stk.db'}"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("SQLALCHEMY_DATABASE_URI") or DEFAULT_DATABASE_URI
    SQLALCHEMY_ECHO = os.environ.get("SQLALCHEMY_ECHO", "") == "1"

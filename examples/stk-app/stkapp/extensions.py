from sqlalchemy import MetaData
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import declarative_base, sessionmaker

# Every index and constraint gets a deterministic name, so autogenerate never
# writes `None` names and downgrades can drop what upgrades created.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class Database:
    """The app's async engine and sessions, created on first use."""

    def __init__(self):
        self.url = None
        self.echo = False
        self._engine = None
        self._sessionmaker = None

    def init_app(self, app):
        self.url = app.config["SQLALCHEMY_DATABASE_URI"]
        self.echo = app.config.get("SQLALCHEMY_ECHO", False)
        app.extensions["db"] = self

        @app.after_serving
        async def _dispose_engine():
            await self.dispose()

    @property
    def is_async(self):
        return bool(getattr(make_url(self.url).get_dialect(), "is_async", False))

    @property
    def engine(self):
        if self._engine is None:
            self._engine = create_async_engine(self.url, echo=self.echo)
        return self._engine

    def session(self):
        if self._sessionmaker is None:
            self._sessionmaker = sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)
        return self._sessionmaker()

    async def dispose(self):
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
            self._sessionmaker = None


db = Database()

"""Quick sanity checks: boot the app, check the schema is at head, query every model.

Run from the project root: python checks.py  (exit status 1 when a check fails)
"""
import asyncio
import sys

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from stkapp.app import create_app
from stkapp.extensions import Base, db
from stkapp.migrations import build_config, import_models, sync_url
from stkapp.settings import Config

results = []


def report(name, ok, detail=""):
    results.append(ok)
    print(f"{'✓' if ok else '✗'} {name}" + (f": {detail}" if detail else ""))


async def check_app(app):
    client = app.test_client()
    response = await client.get("/")
    report("GET / responds", response.status_code == 200, str(response.status_code))


def check_schema(url):
    heads = set(ScriptDirectory.from_config(build_config()).get_heads())
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
    report("database is at head", current == heads, f"current={sorted(current) or 'none'} head={sorted(heads)}")


def statements():
    for mapper in sorted(Base.registry.mappers, key=lambda m: m.class_.__name__):
        yield f"query {mapper.class_.__name__}", select(mapper.class_).limit(1)
    mapped = {m.local_table for m in Base.registry.mappers}
    for table in Base.metadata.sorted_tables:
        if table not in mapped:
            yield f"query table {table.name}", select(table).limit(1)


async def check_models_async():
    async with db.session() as session:
        for name, stmt in statements():
            try:
                await session.execute(stmt)
                report(name, True)
            except Exception as error:  # report and carry on
                report(name, False, str(error).splitlines()[0])
                await session.rollback()


def check_models_sync(url):
    engine = create_engine(url)
    with Session(engine) as session:
        for name, stmt in statements():
            try:
                session.execute(stmt)
                report(name, True)
            except Exception as error:
                report(name, False, str(error).splitlines()[0])
                session.rollback()
    engine.dispose()


async def main():
    try:
        app = create_app(Config)
        import_models()
        report("app boots", True, app.name)
    except Exception as error:
        report("app boots", False, repr(error))
        return 1

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    await check_app(app)
    try:
        check_schema(sync_url(url))
    except Exception as error:
        report("database is at head", False, str(error).splitlines()[0])
    if db.is_async:  # the app's own async engine, as the views use it
        await check_models_async()
        await db.dispose()
    else:  # e.g. postgresql+psycopg2 in SQLALCHEMY_DATABASE_URI
        check_models_sync(sync_url(url))

    failed = results.count(False)
    print(f"\n{len(results) - failed}/{len(results)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

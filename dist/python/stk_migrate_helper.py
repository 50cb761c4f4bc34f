"""stk-migrate's helper, run with the project's own Python from the project root.

It drives Alembic's Python API and SQLAlchemy's inspector on a throwaway database and reports what
it saw; every decision is made by the caller (stk-migrate, in TypeScript).

Protocol (JSON lines): one request per line on stdin, {"id": 1, "op": "snapshot", ...}; one answer
per line on stdout, {"id": 1, "ok": true, "result": {...}} or {"id": 1, "ok": false, "error":
{"type", "message", "file", "line", "traceback"}}. Whatever the project prints goes to stderr.
The process ends at the end of stdin or on {"op": "close"}.

Works with Alembic 1.8+ and SQLAlchemy 1.4+ on Python 3.8+.
"""
import datetime
import decimal
import functools
import getpass
import importlib
import json
import os
import sys
import traceback
import urllib.parse
import uuid

PROTOCOL = 1
HELPER_FOLDER = os.path.dirname(os.path.realpath(__file__))
SAMPLE_TEXT_LENGTH = 40


def claim_stdout():
    """Keeps stdout for the protocol; prints from env.py, migrations and C code go to stderr."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return out


PROTOCOL_OUT = claim_stdout()


def send(message):
    PROTOCOL_OUT.write(json.dumps(message, default=str) + "\n")
    PROTOCOL_OUT.flush()


try:
    import alembic
    import sqlalchemy
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import MetaData, case, create_engine, event, func, inspect, select
    from sqlalchemy import types as sqltypes
    from sqlalchemy.engine import Engine, make_url
    from sqlalchemy.pool import NullPool
except ImportError as error:  # the caller reports it as the interpreter lacking alembic/sqlalchemy
    send({"id": None, "ok": False, "error": {"type": "ImportError", "message": str(error), "file": None, "line": None, "traceback": ""}})
    sys.exit(3)


class ForeignDatabaseError(Exception):
    """Something tried to run SQL on a database other than the throwaway one: stopped before it ran."""


class HelperError(Exception):
    """A problem the caller reports as it is (no traceback needed)."""


def first_line(text):
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()
    return ""


def exception_line(exc):
    """The line a traceback ends with, e.g. `sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) NOT NULL ...`."""
    if isinstance(exc, (HelperError, ForeignDatabaseError)):
        return first_line(exc)
    lines = [line for line in "".join(traceback.format_exception_only(type(exc), exc)).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    # SyntaxError prints the file, the code and a caret first; the message comes last.
    return (lines[-1] if isinstance(exc, SyntaxError) else lines[0]).strip()


def inside(path, folders):
    real = os.path.realpath(path)
    return any(real == folder or real.startswith(folder + os.sep) for folder in folders)


def project_source(path):
    """A file of the project's own (under the folder the helper runs in), not of an installed package."""
    real = os.path.realpath(path)
    root = os.path.realpath(os.getcwd())
    # the helper itself may be vendored inside the project (.claude/stk-skills/runtime/python)
    if not real.startswith(root + os.sep) or real.startswith(HELPER_FOLDER + os.sep):
        return False
    parts = real[len(root) + 1:].split(os.sep)
    return not any(part in ("site-packages", "dist-packages", ".venv", "venv", "node_modules") for part in parts)


def error_payload(exc, version_dirs):
    """
    The exception's line and where it happened: the innermost traceback frame inside a versions folder (the
    migration's line), else inside the project's own files (a model or env.py that fails to import); for a
    SyntaxError, the file and line Python could not compile.
    """
    where_file, where_line = None, None
    in_project = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if inside(frame.filename, version_dirs):
            where_file, where_line = os.path.realpath(frame.filename), frame.lineno
        elif project_source(frame.filename):
            in_project = (os.path.realpath(frame.filename), frame.lineno)
    if where_file is None:
        where_file, where_line = in_project
    if isinstance(exc, SyntaxError) and exc.filename and (inside(exc.filename, version_dirs) or project_source(exc.filename)):
        where_file, where_line = os.path.realpath(exc.filename), exc.lineno
    return {
        "type": type(exc).__name__,
        "message": exception_line(exc),
        "file": where_file,
        "line": where_line,
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-4000:],
    }


def database_key(url):
    """What identifies a database for the guard: the backend and the database (SQLite: the file's real path)."""
    url = make_url(url) if isinstance(url, str) else url
    backend = url.get_backend_name()
    database = url.database or ""
    if backend == "sqlite" and database not in ("", ":memory:"):
        database = os.path.realpath(database)
    return backend, database


def sqlite_target(database=":memory:", *args, **kwargs):
    """The file `sqlite3.connect` opens (None for a database in memory), as the guard keys it."""
    database = kwargs.get("database", database)
    if isinstance(database, bytes):
        database = os.fsdecode(database)
    database = str(database)
    if kwargs.get("uri") and database.startswith("file:"):
        parsed = urllib.parse.urlparse(database)
        if "mode=memory" in parsed.query or parsed.path in ("", ":memory:"):
            return None
        database = urllib.parse.unquote(parsed.path)
    if database in ("", ":memory:"):
        return None
    return ("sqlite", os.path.realpath(database))


def postgres_name(dsn_database, kwargs):
    """The database a PostgreSQL driver connects to when none is named: PGDATABASE, else the user's name (libpq's rule)."""
    return kwargs.get("database") or kwargs.get("dbname") or dsn_database or os.environ.get("PGDATABASE") or kwargs.get("user") or os.environ.get("PGUSER") or getpass.getuser()


def psycopg_target(dsn=None, *args, **kwargs):
    """The database `psycopg2.connect` / `psycopg.connect` opens, from a URL or a libpq `key=value` string and keywords."""
    named = None
    if dsn:
        text = str(dsn)
        if "://" in text:
            named = urllib.parse.unquote(urllib.parse.urlparse(text).path.lstrip("/")) or None
        else:
            for part in text.split():
                key, _, value = part.partition("=")
                if key.strip() == "dbname":
                    named = value.strip().strip("'") or None
    return ("postgresql", postgres_name(named, kwargs))


def asyncpg_target(dsn=None, *args, **kwargs):
    """The database `asyncpg.connect` opens, from its DSN and keywords."""
    named = urllib.parse.unquote(urllib.parse.urlparse(str(dsn)).path.lstrip("/")) or None if dsn else None
    return ("postgresql", postgres_name(named, kwargs))


class Guard:
    """
    Refuses any connection to a SQLite file and any SQL statement not meant for the throwaway database, and
    any connection the drivers themselves open elsewhere (an app may open one without SQLAlchemy, at import
    or when it starts serving).
    """

    drivers = (("sqlite3", sqlite_target), ("psycopg2", psycopg_target), ("psycopg", psycopg_target), ("asyncpg", asyncpg_target))

    def __init__(self):
        self.allowed = set()
        self.seen = {}
        event.listen(Engine, "before_cursor_execute", self.before_execute)
        event.listen(Engine, "do_connect", self.before_connect)
        for name, target in self.drivers:
            try:
                module = importlib.import_module(name)
            except Exception:  # a driver the project does not have cannot be used by it either
                continue
            if callable(getattr(module, "connect", None)):
                module.connect = self.refusing(module.connect, target, name)

    def refusing(self, connect, target, driver):
        @functools.wraps(connect)
        def guarded(*args, **kwargs):
            try:
                key = target(*args, **kwargs)
            except Exception:  # arguments the driver itself will refuse
                key = None
            if key is not None and key not in self.allowed:
                backend, database = key
                raise ForeignDatabaseError(f"refused to open the {backend} database {database!r} through {driver}.connect: it is not the throwaway database")
            return connect(*args, **kwargs)

        return guarded

    def allow(self, *urls):
        self.allowed = {database_key(url) for url in urls}
        self.seen = {}

    def before_connect(self, dialect, conn_rec, cargs, cparams):
        if dialect.name != "sqlite":
            return
        database = cargs[0] if cargs else cparams.get("database", "")
        if database in ("", ":memory:") or str(database).startswith("file:"):
            return
        if ("sqlite", os.path.realpath(database)) not in self.allowed:
            raise ForeignDatabaseError(f"refused to open SQLite file {database}: it is not the throwaway database")

    def before_execute(self, conn, cursor, statement, parameters, context, executemany):
        engine = conn.engine
        allowed = self.seen.get(id(engine))
        if allowed is None:
            allowed = self.seen[id(engine)] = database_key(engine.url) in self.allowed
        if not allowed:
            raise ForeignDatabaseError(
                f"refused to run SQL on {engine.url.get_backend_name()} database {engine.url.database!r}: it is not the throwaway database"
            )


def type_text(type_, dialect):
    try:
        return type_.compile(dialect=dialect)
    except Exception:  # types a dialect cannot render (NullType, unknown reflections)
        return repr(type_)


def default_text(value):
    if value is None:
        return None
    arg = getattr(value, "arg", value)
    return str(getattr(arg, "text", arg))


def make_config(ini, section):
    """Alembic's Config as its command line builds it: the ini's section, plus pyproject.toml's [tool.alembic] (1.16+)."""
    toml = "pyproject.toml" if os.path.exists("pyproject.toml") else None
    if toml:
        try:
            return Config(ini, ini_section=section, toml_file=toml) if ini else Config(toml_file=toml)
        except TypeError:  # Alembic before 1.16 knows no pyproject.toml
            pass
    return Config(ini, ini_section=section) if ini else Config()


class Session:
    def __init__(self):
        self.guard = Guard()
        self.config = None
        self.engine = None
        self.version_dirs = []
        self.version_table = "alembic_version"
        self.counter = 0
        self.app_context = None

    # --- set-up -------------------------------------------------------------------------------

    def op_hello(self, request):
        return {
            "protocol": PROTOCOL,
            "python": sys.version.split()[0],
            "alembic": alembic.__version__,
            "sqlalchemy": sqlalchemy.__version__,
        }

    def op_open(self, request):
        """Points Alembic (through the config, as env.py reads it), the app and the helper at the throwaway database."""
        for name in request.get("appUrlVariables") or []:
            os.environ[name] = request["appUrl"]
        if request.get("flaskApp"):
            self.push_flask_app()
        config = make_config(request.get("ini"), request.get("section") or "alembic")
        if request.get("forceScriptLocation") or not config.get_main_option("script_location"):
            config.set_main_option("script_location", request["scriptLocation"])
        config.set_main_option("sqlalchemy.url", request["alembicUrl"].replace("%", "%%"))
        # stk's env.py honours these: the caller's URL always wins, and logging stays as it is.
        config.attributes["sqlalchemy_url_from_caller"] = True
        config.attributes["configure_logger"] = False
        self.config = config
        self.version_dirs = [os.path.realpath(folder) for folder in request.get("versionDirs", [])]
        self.dispose()
        self.guard.allow(request["url"], request["alembicUrl"])
        self.engine = create_engine(request["url"], poolclass=NullPool)
        return {}

    def dispose(self):
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def push_flask_app(self):
        """Flask-Migrate's env.py reads `current_app`: load the app as `flask` does and push its context.

        The app's own modules are imported afresh each time, so an app built at import time picks up the
        database variables just set.
        """
        from flask.cli import ScriptInfo, load_dotenv

        if self.app_context is not None:
            self.app_context.pop()
            self.app_context = None
        root = os.path.realpath(os.getcwd())
        for name, module in list(sys.modules.items()):
            path = os.path.realpath(getattr(module, "__file__", None) or "")
            if path.startswith(root + os.sep) and "site-packages" not in path:
                del sys.modules[name]
        load_dotenv()  # .flaskenv and .env, as `flask` reads them; variables already set win
        app = ScriptInfo(app_import_path=os.environ.get("FLASK_APP")).load_app()
        self.app_context = app.app_context()
        self.app_context.push()

    def require_open(self):
        if self.config is None or self.engine is None:
            raise HelperError("no database: send 'open' first")

    # --- revisions and migrations ---------------------------------------------------------------

    def op_revisions(self, request):
        self.require_open()
        script = ScriptDirectory.from_config(self.config)
        revisions = []
        for sc in script.walk_revisions():
            down = sc.down_revision
            parents = [] if down is None else list(down) if isinstance(down, (tuple, list)) else [down]
            module = sc.module

            def line_of(name):
                code = getattr(getattr(module, name, None), "__code__", None)
                return code.co_firstlineno if code is not None else None

            revisions.append(
                {
                    "revision": sc.revision,
                    "downRevisions": parents,
                    "path": os.path.realpath(sc.path),
                    "message": first_line(sc.doc or ""),
                    "upgradeLine": line_of("upgrade"),
                    "downgradeLine": line_of("downgrade"),
                }
            )
        revisions.reverse()
        return {"revisions": revisions, "heads": list(script.get_heads())}

    def run_env(self, fn):
        """Runs env.py the way Alembic's commands do, with `fn` in place of the migration steps."""
        script = ScriptDirectory.from_config(self.config)
        captured = {}

        def steps(rev, context):
            self.version_table = getattr(context, "version_table", None) or context.opts.get("version_table") or "alembic_version"
            captured.update(fn(context))
            return []

        with EnvironmentContext(self.config, script, fn=steps, as_sql=False, starting_rev=None, destination_rev=None, tag=None):
            script.run_env()
        if not captured:
            raise HelperError("env.py never called context.run_migrations(), so nothing could be inspected")
        return captured

    def op_current(self, request):
        self.require_open()

        def current(context):
            return {
                "heads": list(context.get_current_heads()),
                "dialect": context.dialect.name,
                "versionTable": self.version_table,
                "hasTargetMetadata": context.opts.get("target_metadata") is not None,
            }

        return self.run_env(current)

    def op_upgrade(self, request):
        self.require_open()
        command.upgrade(self.config, request["target"])
        return {}

    def op_downgrade(self, request):
        self.require_open()
        command.downgrade(self.config, request["target"])
        return {}

    def op_revision(self, request):
        """`alembic revision --autogenerate -m <message>` against the throwaway database (at the heads by then)."""
        self.require_open()
        scripts = command.revision(self.config, message=request["message"], autogenerate=True)
        found = scripts if isinstance(scripts, list) else [scripts] if scripts is not None else []
        return {"paths": [os.path.realpath(script.path) for script in found if script is not None]}

    def op_metadata(self, request):
        """The tables of env.py's target_metadata, as env.py builds it (the models it imports): what autogenerate sees."""
        self.require_open()

        def tables(context):
            metadata = context.opts.get("target_metadata")
            if metadata is None:
                raise HelperError("env.py passes no target_metadata to context.configure(), so autogenerate sees no models")
            items = metadata if isinstance(metadata, (list, tuple)) else [metadata]
            return {"tables": sorted({name for item in items for name in item.tables})}

        return self.run_env(tables)

    def op_drift(self, request):
        """Alembic's autogenerate comparison of the database with env.py's target_metadata."""
        self.require_open()
        from alembic.autogenerate import compare_metadata

        def drift(context):
            metadata = context.opts.get("target_metadata")
            if metadata is None:
                raise HelperError("env.py passes no target_metadata to context.configure(), so there are no models to compare with")
            differences = []
            for diff in compare_metadata(context, metadata):
                for item in diff if isinstance(diff, list) else [diff]:
                    differences.append(describe_difference(item, context.dialect))
            return {"differences": differences}

        return self.run_env(drift)

    # --- inspection -----------------------------------------------------------------------------

    def user_tables(self, names):
        return sorted(name for name in names if name != self.version_table)

    def op_snapshot(self, request):
        self.require_open()
        tables = []
        with self.engine.connect() as conn:
            inspector = inspect(conn)
            for name in self.user_tables(inspector.get_table_names()):
                tables.append(snapshot_table(inspector, name, conn.dialect))
        return {"tables": tables}

    def reflect(self):
        metadata = MetaData()
        with self.engine.connect() as conn:
            metadata.reflect(bind=conn)
        return metadata

    def op_counts(self, request):
        """Rows per table, non-null values per column, and values longer than a column's declared length."""
        self.require_open()
        metadata = self.reflect()
        tables = []
        with self.engine.connect() as conn:
            for name in self.user_tables(metadata.tables.keys()):
                table = metadata.tables[name]
                expressions = [func.count()]
                measured = []
                for column in table.columns:
                    expressions.append(func.count(column))
                    length = getattr(column.type, "length", None) if isinstance(column.type, sqltypes.String) else None
                    if length:
                        expressions.append(func.coalesce(func.sum(case((func.length(column) > length, 1), else_=0)), 0))
                    measured.append((column, length))
                values = list(conn.execute(select(*expressions).select_from(table)).one())
                rows, at, columns = int(values[0]), 1, []
                for column, length in measured:
                    non_null = int(values[at])
                    at += 1
                    overlong = 0
                    if length:
                        overlong = int(values[at] or 0)
                        at += 1
                    columns.append({"name": column.name, "nonNull": non_null, "length": length, "overlong": overlong})
                tables.append({"name": name, "rows": rows, "columns": columns})
        return {"tables": tables}

    def op_sample(self, request):
        """Inserts `rows` rows into every table, parents before children; a row that fails is rolled back and reported."""
        self.require_open()
        per_table = int(request.get("rows", 3))
        metadata = self.reflect()
        inserted, skipped = {}, []
        with self.engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name == self.version_table:
                    continue
                done, reason = 0, None
                for _ in range(per_table):
                    transaction = conn.begin()
                    try:
                        conn.execute(table.insert().values(**self.sample_row(conn, table)))
                        transaction.commit()
                        done += 1
                    except Exception as exc:
                        transaction.rollback()
                        reason = first_line(exception_line(exc))
                        if isinstance(exc, HelperError):
                            break
                inserted[table.name] = done
                if done < per_table:
                    skipped.append({"table": table.name, "inserted": done, "reason": reason or "unknown"})
        return {"inserted": inserted, "skipped": skipped}

    def sample_row(self, conn, table):
        self.counter += 1
        n = self.counter
        values = {}
        referenced = set()
        for fk in table.foreign_key_constraints:
            locals_ = [element.parent for element in fk.elements]
            remotes = [element.column for element in fk.elements]
            rows = conn.execute(select(*remotes).order_by(*remotes).limit(50)).fetchall()
            if rows:
                row = rows[n % len(rows)]
                for column, value in zip(locals_, row):
                    values[column.name] = value
            elif all(column.nullable for column in locals_):
                for column in locals_:
                    values[column.name] = None
            else:
                raise HelperError(f"no row in {fk.referred_table.name} to refer to")
            referenced.update(column.name for column in locals_)
        auto = autoincrement_column(table)
        for column in table.columns:
            if column.name in referenced or column is auto:
                continue
            value = sample_value(column, n)
            if value is not None:
                values[column.name] = value
        return values

    def op_close(self, request):
        self.dispose()
        return {}


def autoincrement_column(table):
    """The column the database numbers itself (SERIAL, IDENTITY, SQLite's INTEGER PRIMARY KEY): left out of inserts."""
    found = getattr(table, "autoincrement_column", None)  # SQLAlchemy 2.0
    return found if found is not None else getattr(table, "_autoincrement_column", None)


def sample_value(column, n):
    """A value of the column's type that fits its length: unique per row, long enough to notice truncation."""
    type_ = column.type
    if isinstance(type_, sqltypes.Boolean):
        return n % 2 == 1
    if isinstance(type_, sqltypes.Enum) and type_.enums:
        return type_.enums[n % len(type_.enums)]
    if isinstance(type_, sqltypes.SmallInteger):
        return n % 30000
    if isinstance(type_, sqltypes.Integer):
        return n
    if isinstance(type_, sqltypes.Numeric):
        value = (n % 9) + 0.5
        return decimal.Decimal(str(value)) if getattr(type_, "asdecimal", False) else value
    if isinstance(type_, sqltypes.DateTime):
        moment = datetime.datetime(2024, 1, 1, 12, 0, 0) + datetime.timedelta(minutes=n)
        return moment.replace(tzinfo=datetime.timezone.utc) if getattr(type_, "timezone", False) else moment
    if isinstance(type_, sqltypes.Date):
        return datetime.date(2024, 1, 1) + datetime.timedelta(days=n)
    if isinstance(type_, sqltypes.Time):
        return datetime.time(n % 24, n % 60)
    if isinstance(type_, sqltypes.Interval):
        return datetime.timedelta(minutes=n)
    if isinstance(type_, sqltypes.JSON):
        return {"sample": n}
    if isinstance(type_, sqltypes.LargeBinary):
        return (b"stk%d-" % n * 8)[: min(getattr(type_, "length", None) or 16, 16)]
    if isinstance(type_, sqltypes.ARRAY):
        return []
    if isinstance(type_, sqltypes.String):
        return sample_text(column.name, n, getattr(type_, "length", None))
    if type(type_).__name__.upper() in ("UUID", "UUIDTYPE"):
        value = uuid.uuid4()
        return value if getattr(type_, "as_uuid", True) else str(value)
    try:
        python_type = type_.python_type
    except Exception:
        python_type = None
    if python_type is int:
        return n
    if python_type is float:
        return n + 0.5
    if python_type is datetime.timedelta:
        return datetime.timedelta(minutes=n)
    if python_type is str or python_type is None:
        return sample_text(column.name, n, None) if not column.nullable else None
    return None


def sample_text(name, n, length):
    """`<n>-<column>-...`, as long as the column allows up to SAMPLE_TEXT_LENGTH characters."""
    size = min(length, SAMPLE_TEXT_LENGTH) if length else SAMPLE_TEXT_LENGTH
    prefix = str(n)
    if size <= len(prefix):
        return prefix[-size:]
    filler = f"-{name}-sample"
    text = prefix
    while len(text) < size:
        text += filler
    return text[:size]


def snapshot_table(inspector, name, dialect):
    columns = [
        {
            "name": column["name"],
            "type": type_text(column["type"], dialect),
            "nullable": bool(column.get("nullable", True)),
            "default": default_text(column.get("default")),
        }
        for column in inspector.get_columns(name)
    ]
    pk = inspector.get_pk_constraint(name) or {}
    indexes = []
    for index in inspector.get_indexes(name):
        expressions = index.get("expressions") or []
        names = index.get("column_names") or []
        indexes.append(
            {
                "name": index.get("name"),
                "columns": [column if column is not None else (expressions[i] if i < len(expressions) else "<expression>") for i, column in enumerate(names)],
                "unique": bool(index.get("unique")),
            }
        )
    uniques = [{"name": unique.get("name"), "columns": list(unique.get("column_names") or [])} for unique in inspector.get_unique_constraints(name)]
    foreign_keys = [
        {
            "name": fk.get("name"),
            "columns": list(fk.get("constrained_columns") or []),
            "referredTable": fk.get("referred_table"),
            "referredColumns": list(fk.get("referred_columns") or []),
            "onDelete": ((fk.get("options") or {}).get("ondelete") or None),
            "onUpdate": ((fk.get("options") or {}).get("onupdate") or None),
        }
        for fk in inspector.get_foreign_keys(name)
    ]
    try:
        checks = [{"name": check.get("name"), "sqltext": str(check.get("sqltext"))} for check in inspector.get_check_constraints(name)]
    except NotImplementedError:
        checks = []
    return {
        "name": name,
        "columns": columns,
        "primaryKey": {"name": pk.get("name"), "columns": list(pk.get("constrained_columns") or [])},
        "indexes": indexes,
        "uniques": uniques,
        "foreignKeys": foreign_keys,
        "checks": checks,
    }


def column_names(constraint):
    return [getattr(column, "name", str(column)) for column in getattr(constraint, "columns", [])]


def describe_difference(diff, dialect):
    """One item of compare_metadata's list as plain data: kind, table, column or name, from/to."""
    kind = diff[0]
    out = {"kind": kind, "table": None, "column": None, "name": None, "columns": [], "from": None, "to": None}
    if kind in ("add_table", "remove_table", "add_table_comment", "remove_table_comment"):
        out["table"] = diff[1].name
    elif kind in ("add_column", "remove_column"):
        out.update(table=diff[2], column=diff[3].name, to=type_text(diff[3].type, dialect))
    elif kind in ("add_index", "remove_index"):
        index = diff[1]
        expressions = getattr(index, "expressions", [])
        out.update(table=index.table.name, name=index.name, columns=[getattr(e, "name", str(e)) for e in expressions], to="unique" if index.unique else None)
    elif kind in ("add_constraint", "remove_constraint"):
        out.update(table=diff[1].table.name, name=diff[1].name, columns=column_names(diff[1]), to=type(diff[1]).__name__)
    elif kind in ("add_fk", "remove_fk"):
        fk = diff[1]
        out.update(table=fk.table.name, name=fk.name, columns=column_names(fk), to=fk.referred_table.name)
    elif kind.startswith("modify_"):
        _, _schema, table, column, _existing, old, new = diff
        render = (lambda value: type_text(value, dialect)) if kind == "modify_type" else (default_text if kind == "modify_default" else str)
        out.update(table=table, column=column, **{"from": None if old is None else render(old), "to": None if new is None else render(new)})
    else:
        out["name"] = repr(diff)[:300]
    return out


def serve(session_class=Session):
    """Answers requests until stdin ends; `session_class` may add ops (stk_app_helper.py does)."""
    session = session_class()
    for raw in sys.stdin:
        if not raw.strip():
            continue
        request_id = None
        try:
            request = json.loads(raw)
            request_id = request.get("id")
            handler = getattr(session, "op_" + str(request.get("op")), None)
            if handler is None:
                raise HelperError(f"unknown op {request.get('op')!r}")
            result = handler(request)
            send({"id": request_id, "ok": True, "result": result})
            if request.get("op") == "close":
                return
        except (Exception, SystemExit) as exc:  # every failure is an answer, sys.exit() in a migration too
            send({"id": request_id, "ok": False, "error": error_payload(exc, session.version_dirs)})
    session.dispose()


if __name__ == "__main__":
    serve()

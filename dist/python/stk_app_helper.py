"""The app helper: stk_migrate_helper.py's ops, plus the project's Quart app booted against the throwaway database.

Run with the project's own Python from the project root, like stk_migrate_helper.py, and spoken to the same way
(JSON lines). After `open` and `upgrade`, `app_boot` imports the app (with SQLALCHEMY_DATABASE_URI naming the
throwaway database, and refusing an app configured for any other), `app_admin` creates an admin user there and
signs a test client in, `app_request` drives the app through Quart's test client (signed in or anonymous), and
`rows`/`count`/`parent_row` read and seed the database. `app_serve` serves the same app on 127.0.0.1 (for a
browser) and `app_cookie` gives the signed-in session cookie. The app's coroutines run on one event loop in a
thread of their own, so a served app and the requests share it. Every decision is made by the caller.
"""
import asyncio
import importlib
import logging
import os
import socket
import sys
import threading
import traceback
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import stk_migrate_helper as base  # noqa: E402  (claims stdout for the protocol first)
from stk_migrate_helper import ForeignDatabaseError, HelperError, database_key, sample_value  # noqa: E402
from sqlalchemy import MetaData, Table, func, inspect, select  # noqa: E402
from sqlalchemy.orm import Session as OrmSession  # noqa: E402

ADMIN_EMAIL = "stk-smoke-admin@example.invalid"
REQUEST_TIMEOUT = 60


class CapturedErrors(logging.Handler):
    """Tracebacks the app logs while a request runs (Quart's own for a 500, the handler's `log.exception`)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record.exc_info[1] if record.exc_info and record.exc_info[1] is not None else record.getMessage())


def project_frames(error, root):
    """A traceback cut to what a developer reads first: the frames in the project's files, then the exception's first line."""
    if not isinstance(error, BaseException):
        return str(error).strip().splitlines()[:1]
    lines = "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip().splitlines()
    kept = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('File "') and root in stripped and "site-packages" not in stripped and "dist-packages" not in stripped:
            kept.append(stripped.replace(root + os.sep, ""))
            if index + 1 < len(lines) and not lines[index + 1].strip().startswith("File "):
                kept.append("  " + lines[index + 1].strip())
    # The message's first line: SQLAlchemy's go on with [SQL: ...], [parameters: ...] and a "Background on this error" link.
    exception = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()[:1]
    return (kept[-8:] + exception) or lines[-3:]


class AppSession(base.Session):
    def __init__(self):
        super().__init__()
        self.app = None
        self.test_app = None
        self.clients = {}
        self.loop = None
        self.thread = None
        self.server = None
        self.root = os.path.realpath(os.getcwd())
        self.session_values = {}

    # --- the event loop the app runs on ---------------------------------------------------------------

    def run(self, coroutine, timeout=REQUEST_TIMEOUT):
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
            self.thread = threading.Thread(target=self.loop.run_forever, name="stk-app-loop", daemon=True)
            self.thread.start()
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def require_app(self):
        if self.app is None:
            raise HelperError("no app: send 'app_boot' first")

    # --- ops ----------------------------------------------------------------------------------------------

    def op_app_boot(self, request):
        """Imports the app (`module`, then `attribute` or the usual names) and starts it for the test client."""
        self.require_open()
        url = request["url"]
        if self.root not in sys.path:
            sys.path.insert(0, self.root)
        os.environ["SQLALCHEMY_DATABASE_URI"] = url
        self.guard.allow(request["syncUrl"], url)
        module = importlib.import_module(request["module"])
        app = None
        names = [request["attribute"]] if request.get("attribute") else ["app", "application", "create_app", "make_app"]
        for name in names:
            value = getattr(module, name, None)
            if value is None:
                continue
            app = value() if (request.get("call") or not hasattr(value, "test_client")) and callable(value) else value
            break
        if app is None or not hasattr(app, "test_client"):
            raise HelperError(f"{request['module']} has no Quart app ({', '.join(names)}); set QUART_APP in .env")
        configured = app.config.get("SQLALCHEMY_DATABASE_URI")
        if configured and database_key(str(configured)) != database_key(url):
            raise ForeignDatabaseError("the app's SQLALCHEMY_DATABASE_URI is not the throwaway database (its settings ignore the environment); nothing ran")
        self.app = app
        self.test_app = app.test_app()
        self.run(self.test_app.startup())
        self.clients = {"signed": self.test_app.test_client(), "anonymous": self.test_app.test_client()}
        rules = []
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            methods = sorted(method for method in (rule.methods or ()) if method not in ("HEAD", "OPTIONS"))
            rules.append({"methods": methods, "rule": rule.rule, "endpoint": rule.endpoint})
        return {"name": app.name, "rules": rules}

    def op_app_admin(self, request):
        """Creates an admin user (and its role) in the throwaway database and signs the `signed` client in."""
        self.require_app()
        user_module = importlib.import_module(request["userModule"])
        User = getattr(user_module, request["userClass"])
        values = {}
        table = User.__table__
        for column in table.columns:
            if column.primary_key or column.nullable or column.default is not None or column.server_default is not None:
                continue
            if column.foreign_keys:
                raise HelperError(f"{table.name}.{column.name} is a required foreign key; cannot create an admin user automatically")
            values[column.name] = sample_value(column, 1)
        identity_column = request.get("identity") or "fs_uniquifier"
        for name, value in (("email", ADMIN_EMAIL), ("active", True), (identity_column, uuid.uuid4().hex)):
            if name in table.columns:
                values[name] = value
        with OrmSession(self.engine) as orm:
            user = User(**values)
            role_name = request.get("role") or "admin"
            if request.get("roleModule") and hasattr(User, "roles"):
                Role = getattr(importlib.import_module(request["roleModule"]), request["roleClass"])
                role = orm.execute(select(Role).where(Role.name == role_name)).scalar_one_or_none()
                if role is None:
                    role = Role(name=role_name)
                    orm.add(role)
                user.roles = [role]
            orm.add(user)
            orm.commit()
            identity = getattr(user, identity_column, None) if identity_column in table.columns else user.id
            admin = {"id": user.id, "email": values.get("email"), "table": table.name}
        session_values = dict(request.get("session") or {})
        session_values[request.get("sessionKey") or "_user_id"] = str(identity)

        async def sign_in():
            async with self.clients["signed"].session_transaction() as session:
                session.update(session_values)

        self.run(sign_in())
        self.session_values = session_values
        return admin

    def op_app_request(self, request):
        """One request through the test client; the status, the JSON (or the start of the text) and any traceback logged."""
        self.require_app()
        client = self.clients["signed" if request.get("signed", True) else "anonymous"]
        capture = CapturedErrors()
        root_logger = logging.getLogger()
        root_logger.addHandler(capture)
        signal_errors = []

        def on_exception(sender, exception=None, **extra):
            if exception is not None:
                signal_errors.append(exception)

        signal = None
        try:
            from quart.signals import got_request_exception as signal

            signal.connect(on_exception, weak=False)
        except Exception:
            signal = None

        async def call():
            options = {"query_string": request.get("query") or None}
            if "json" in request:
                options["json"] = request["json"]
            response = await client.open(request["path"], method=request["method"], **{k: v for k, v in options.items() if v is not None})
            return response.status_code, await response.get_data(as_text=True), response.headers.get("Content-Type", "")

        try:
            status, text, content_type = self.run(call())
        except Exception as exc:  # the app raised through the test client
            signal_errors.append(exc)
            status, text, content_type = 500, "", ""
        finally:
            root_logger.removeHandler(capture)
            if signal is not None:
                signal.disconnect(on_exception)
        body = None
        try:
            body = base.json.loads(text) if text else None
        except ValueError:
            body = None
        # Quart both signals an exception and logs it: one traceback per exception.
        unique = []
        for item in signal_errors + capture.records:
            if not any(item is seen for seen in unique):
                unique.append(item)
        errors = [project_frames(item, self.root) for item in unique]
        return {"status": status, "json": body, "isJson": body is not None, "contentType": content_type, "text": text[:2000], "errors": errors[:3]}

    def table(self, name):
        return Table(name, MetaData(), autoload_with=self.engine)

    def op_rows(self, request):
        """Rows of a table (optionally where column = value), as plain values."""
        self.require_open()
        table = self.table(request["table"])
        query = select(table)
        for column, value in (request.get("where") or {}).items():
            query = query.where(table.c[column] == value)
        with self.engine.connect() as conn:
            return {"rows": [dict(row._mapping) for row in conn.execute(query.limit(int(request.get("limit", 1000))))]}

    def op_tables(self, request):
        self.require_open()
        with self.engine.connect() as conn:
            return {"tables": self.user_tables(inspect(conn).get_table_names())}

    def op_count(self, request):
        self.require_open()
        table = self.table(request["table"])
        with self.engine.connect() as conn:
            return {"count": int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)}

    def op_parent_row(self, request):
        """A row of the table, inserted (with its own parents) when there is none: what a foreign key can point at."""
        self.require_open()
        return {"row": self.ensure_row(request["table"], set())}

    def ensure_row(self, name, seen):
        if name in seen:
            raise HelperError(f"foreign keys loop through {name}; cannot create a parent row automatically")
        seen.add(name)
        table = self.table(name)
        with self.engine.connect() as conn:
            row = conn.execute(select(table).limit(1)).first()
        if row is not None:
            return dict(row._mapping)
        for fk in table.foreign_key_constraints:
            if not all(element.parent.nullable for element in fk.elements):
                self.ensure_row(fk.referred_table.name, seen)
        with self.engine.connect() as conn:
            with conn.begin():
                conn.execute(table.insert().values(**self.sample_row(conn, table)))
            return dict(conn.execute(select(table).limit(1)).first()._mapping)

    def op_app_cookie(self, request):
        """The signed-in client's session cookie, for a browser: its name and value."""
        self.require_app()
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        if serializer is None:
            raise HelperError("the app has no SECRET_KEY, so it cannot sign a session cookie")
        return {"name": self.app.config.get("SESSION_COOKIE_NAME") or "session", "value": serializer.dumps(dict(self.session_values))}

    def op_app_serve(self, request):
        """Serves the app on 127.0.0.1 (a free port unless given) until close; answers with its URL once it listens."""
        self.require_app()
        if self.server is not None:
            return {"url": self.server["url"]}
        port = int(request.get("port") or 0)
        if not port:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        stop = asyncio.Event()

        async def start():
            async def trigger():
                await stop.wait()

            return asyncio.ensure_future(self.app.run_task(host="127.0.0.1", port=port, shutdown_trigger=trigger))

        task = self.run(start())
        for _ in range(200):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if task.done():
                task.result()
            threading.Event().wait(0.05)
        else:
            raise HelperError(f"the app did not listen on 127.0.0.1:{port} within 10 s")
        self.server = {"url": f"http://127.0.0.1:{port}", "stop": stop, "task": task}
        return {"url": self.server["url"]}

    def shutdown_app(self):
        if self.loop is None:
            return
        try:
            if self.server is not None:

                async def stop_server():
                    self.server["stop"].set()
                    await asyncio.wait_for(self.server["task"], 10)

                self.run(stop_server(), 15)
            if self.test_app is not None:
                self.run(self.test_app.shutdown(), 15)
        except Exception:
            pass
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop = None
            self.app = None

    def op_close(self, request):
        self.shutdown_app()
        return super().op_close(request)

    def dispose(self):
        if getattr(self, "app", None) is not None:
            self.shutdown_app()
        super().dispose()


if __name__ == "__main__":
    base.serve(AppSession)

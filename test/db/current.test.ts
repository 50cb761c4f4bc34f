import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentRevision, pgConnectionString } from '../../scripts/lib/db/current.js';
import type { Project } from '../../scripts/lib/discover/types.js';
import { discoverIn } from '../helpers/discover.js';
import { createDatabase, databaseExists, dropDatabase, pgAdminUrl, pgUrlFor, throwawayDatabaseName, withClient } from '../helpers/pg.js';
import { sqliteExec } from '../helpers/python.js';
import { isolateParseCache, useTempDirs, writeExecutable, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

const alembicVersionDdl = 'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));';

/** A project whose alembic.ini points at `instance/app.db`, plus `files`. */
async function sqliteProject(files: Record<string, string> = {}): Promise<Project> {
  const root = writeFiles(tempDir('sqlite-project'), { 'alembic.ini': '[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///instance/app.db\n', ...files });
  return discoverIn(root);
}

describe('currentRevision from a SQLite file', () => {
  it('reads the revision from alembic_version, read-only', async () => {
    const project = await sqliteProject();
    mkdirSync(join(project.root, 'instance'));
    await sqliteExec(join(project.root, 'instance', 'app.db'), `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('8ceb393b0b26');`);
    expect(await currentRevision(project, new Set())).toEqual({ revisions: ['8ceb393b0b26'], source: 'sqlite file instance/app.db', reason: undefined });
    expect(readdirSync(join(project.root, 'instance'))).toEqual(['app.db']);
  });

  it('reads several rows (a database at two heads)', async () => {
    const project = await sqliteProject();
    mkdirSync(join(project.root, 'instance'));
    await sqliteExec(join(project.root, 'instance', 'app.db'), `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('aaa'); INSERT INTO alembic_version VALUES ('bbb');`);
    expect((await currentRevision(project, new Set())).revisions?.sort()).toEqual(['aaa', 'bbb']);
  });

  it('says so, and creates neither the file nor its folder, when the database does not exist yet', async () => {
    const project = await sqliteProject();
    const current = await currentRevision(project, new Set(['abc']));
    expect(current).toEqual({ revisions: [], source: 'sqlite file', reason: 'instance/app.db does not exist yet: no migration has been applied', missing: true });
    expect(existsSync(join(project.root, 'instance'))).toBe(false);
  });

  it('reports a database without the version table, and an empty version table', async () => {
    const project = await sqliteProject();
    mkdirSync(join(project.root, 'instance'));
    const file = join(project.root, 'instance', 'app.db');
    await sqliteExec(file, 'CREATE TABLE user (id INTEGER PRIMARY KEY);');
    expect(await currentRevision(project, new Set())).toEqual({ revisions: [], source: 'sqlite file', reason: 'instance/app.db has no alembic_version table: no migration has been applied' });
    await sqliteExec(file, alembicVersionDdl);
    expect(await currentRevision(project, new Set())).toEqual({ revisions: [], source: 'sqlite file instance/app.db', reason: 'alembic_version is empty' });
  });

  it('reads the version table named in the config', async () => {
    const project = await sqliteProject({ '.stk-migrate.json': '{"versionTable": "acme_version"}' });
    mkdirSync(join(project.root, 'instance'));
    await sqliteExec(join(project.root, 'instance', 'app.db'), `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('wrong'); CREATE TABLE acme_version (version_num VARCHAR(32)); INSERT INTO acme_version VALUES ('right');`);
    expect((await currentRevision(project, new Set())).revisions).toEqual(['right']);
  });

  it('resolves an absolute sqlite+aiosqlite URL', async () => {
    const dir = tempDir('abs');
    const file = join(dir, 'stk.db');
    await sqliteExec(file, `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('abs0001');`);
    const project = await discoverIn(writeFiles(tempDir('absproject'), { 'alembic.ini': '[alembic]\n' }), { env: { SQLALCHEMY_DATABASE_URI: `sqlite+aiosqlite:///${file}` } });
    expect((await currentRevision(project, new Set())).revisions).toEqual(['abs0001']);
  });

  it('gives a one-line reason, revision unknown, for a file that is not a database', async () => {
    const project = await sqliteProject();
    writeFiles(project.root, { 'instance/app.db': 'not a database at all, just some text that is long enough to fill a header\n'.repeat(3) });
    const current = await currentRevision(project, new Set());
    expect(current.revisions).toBeUndefined();
    expect(current.reason).toBe('could not read sqlite:///instance/app.db: not a SQLite database');
  });

  it('has nothing to read for an in-memory database', async () => {
    const project = await discoverIn(writeFiles(tempDir('mem'), { 'alembic.ini': '[alembic]\n' }), { databaseUrl: 'sqlite://' });
    expect(await currentRevision(project, new Set())).toMatchObject({ revisions: undefined, reason: expect.stringContaining('in memory') });
  });
});

describe('currentRevision from the project tooling (no URL it can read itself)', () => {
  /** env.py that takes the URL from the environment: only the project's own tooling knows it. */
  const appEnvPy = 'import os\nfrom alembic import context\n\nurl = os.environ["APP_DATABASE"]\n';

  /** A project on plain Alembic whose "python" is a script printing `output` and exiting with `code`. */
  async function toolingProject(output: string, code = 0, envPy = appEnvPy): Promise<Project> {
    const root = writeFiles(tempDir('tooling'), { 'alembic.ini': '[alembic]\nscript_location = alembic\n', 'alembic/env.py': envPy });
    const python = writeExecutable(join(root, 'bin'), 'python', `[ "$1 $2 $3" = "-m alembic current" ] || { echo "unexpected arguments: $*" >&2; exit 9; }\nprintf '%s\\n' "${output}"\nexit ${code}`);
    writeFileSync(join(root, '.stk-migrate.json'), JSON.stringify({ python, runner: 'python', cli: 'alembic' }));
    return discoverIn(root);
  }

  it("keeps the known revision ids from the tool's output", async () => {
    const project = await toolingProject('INFO  [alembic.runtime.migration] Context impl SQLiteImpl.\n1a2b3c4d5e6f (head)');
    const current = await currentRevision(project, new Set(['1a2b3c4d5e6f', 'ffffffffffff']));
    expect(current.revisions).toEqual(['1a2b3c4d5e6f']);
    expect(current.source).toContain('alembic current');
    expect(current.reason).toBeUndefined();
  });

  it('reports no migration applied when the output names no known revision', async () => {
    const project = await toolingProject('INFO  [alembic.runtime.migration] Will assume non-transactional DDL.');
    expect(await currentRevision(project, new Set(['1a2b3c4d5e6f']))).toMatchObject({ revisions: [], reason: 'no migration has been applied' });
  });

  it("gives the tool's last line when it fails", async () => {
    const project = await toolingProject('Traceback (most recent call last):\npsycopg2.OperationalError: connection to server at db.internal failed: timeout', 1);
    const current = await currentRevision(project, new Set(['1a2b3c4d5e6f']));
    expect(current.revisions).toBeUndefined();
    expect(current.reason).toMatch(/alembic current failed: psycopg2\.OperationalError: connection to server at db\.internal failed: timeout$/);
  });

  it('says "no database file yet", not "failed", when the tool cannot open the SQLite file', async () => {
    const project = await toolingProject('Traceback (most recent call last):\nsqlalchemy.exc.OperationalError: (sqlite3.OperationalError) unable to open database file', 1);
    const current = await currentRevision(project, new Set(['1a2b3c4d5e6f']));
    expect(current.reason).toMatch(/^no database file yet: /);
    expect(current.reason).not.toContain(' failed');
  });

  it.each([
    ["FAILED: No config file 'alembic.ini' found, or file has no '[alembic]' section"],
    ["sqlalchemy.exc.ArgumentError: Could not parse rfc1738 URL from string ''"],
    ["RuntimeError: Either 'SQLALCHEMY_DATABASE_URI' or 'SQLALCHEMY_BINDS' must be set."],
  ])('says "no database configured", with where it looked, when the tool fails for want of a URL: %s', async (line) => {
    const project = await toolingProject(`Traceback (most recent call last):\n${line}`, 1);
    const current = await currentRevision(project, new Set(['1a2b3c4d5e6f']));
    expect(current.revisions).toBeUndefined();
    expect(current.reason).toMatch(/^no database configured: /);
    expect(current.reason).toContain('SQLALCHEMY_DATABASE_URI');
    expect(current.reason).not.toMatch(/ failed:/);
  });

  it('runs nothing when env.py reads the URL only from alembic.ini and alembic.ini names none: no database is configured', async () => {
    const templateEnvPy = 'from alembic import context\nfrom sqlalchemy import engine_from_config\n\nconfig = context.config\nurl = config.get_main_option("sqlalchemy.url")\n';
    // the fake python would print a revision; it must not be asked
    const project = await toolingProject('1a2b3c4d5e6f (head)', 0, templateEnvPy);
    const current = await currentRevision(project, new Set(['1a2b3c4d5e6f']));
    expect(current).toEqual({ revisions: undefined, source: 'configuration', reason: expect.stringMatching(/^no database configured: alembic\.ini has no sqlalchemy\.url, and env\.py reads the URL only from there/) });
  });
});

describe('currentRevision from PostgreSQL', () => {
  const database = throwawayDatabaseName();
  const empty = throwawayDatabaseName();
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    await createDatabase(database);
    await createDatabase(empty);
    await withClient(pgUrlFor(database), async (client) => {
      await client.query(alembicVersionDdl);
      await client.query("INSERT INTO alembic_version VALUES ('39a94c31b0e5')");
    });
    // accepts connections and never answers: a server that hangs
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await dropDatabase(database);
    await dropDatabase(empty);
  });

  async function pgProject(url: string): Promise<Project> {
    return discoverIn(writeFiles(tempDir('pg'), { 'alembic.ini': '[alembic]\nsqlalchemy.url = driver://user:pass@localhost/dbname\n' }), { env: { SQLALCHEMY_DATABASE_URI: url } });
  }

  /** The URL of the test server with another database, port or password. */
  function variant(change: { database?: string; port?: number; password?: string; driver?: string }): string {
    const url = new URL(pgUrlFor(change.database ?? database));
    if (change.port !== undefined) url.port = String(change.port);
    if (change.password !== undefined) url.password = change.password;
    return change.driver ? url.toString().replace(/^postgres(ql)?:/, `postgresql+${change.driver}:`) : url.toString();
  }

  it('reads alembic_version of the database', async () => {
    const project = await pgProject(variant({}));
    expect(await currentRevision(project, new Set())).toEqual({ revisions: ['39a94c31b0e5'], source: 'postgresql', reason: undefined });
  });

  it.each(['psycopg2', 'asyncpg'])('accepts a SQLAlchemy URL with the +%s driver', async (driver) => {
    const url = variant({ driver });
    expect(pgConnectionString(url)).toBe(variant({}));
    expect((await currentRevision(await pgProject(url), new Set())).revisions).toEqual(['39a94c31b0e5']);
  });

  it('reports a database without alembic_version', async () => {
    expect(await currentRevision(await pgProject(variant({ database: empty })), new Set())).toEqual({
      revisions: [],
      source: 'postgresql',
      reason: 'the database has no alembic_version table: no migration has been applied',
    });
  });

  it('reports a database that does not exist, and does not create it', async () => {
    const missing = throwawayDatabaseName();
    const current = await currentRevision(await pgProject(variant({ database: missing })), new Set());
    expect(current).toEqual({ revisions: [], source: 'postgresql', reason: 'the database does not exist yet: no migration has been applied', missing: true });
    expect(await databaseExists(missing)).toBe(false);
  });

  it('gives a reason without the password when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const project = await pgProject(variant({ port, password: 'Sup3rSecretPw' }));
    const current = await currentRevision(project, new Set(), 2000);
    expect(current.revisions).toBeUndefined();
    expect(current.reason).toContain(`could not read postgresql://${new URL(pgAdminUrl).username}:***@127.0.0.1:${port}/`);
    expect(current.reason).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(current)).not.toContain('Sup3rSecretPw');
  });

  it('gives up within the timeout on a server that never answers', async () => {
    const port = (silent.address() as { port: number }).port;
    const project = await pgProject(variant({ port, password: 'Sup3rSecretPw' }));
    const current = await currentRevision(project, new Set(), 500);
    expect(current.revisions).toBeUndefined();
    expect(current.reason).toMatch(/^could not read postgresql:\/\/.*:\*\*\*@127\.0\.0\.1:\d+\/.*: .*timeout/i);
    expect(JSON.stringify(current)).not.toContain('Sup3rSecretPw');
  });

  it('gives a reason without the password when the password is wrong', async () => {
    const project = await pgProject(variant({ password: 'Wr0ngPassw0rd' }));
    const current = await currentRevision(project, new Set());
    expect(current.revisions).toBeUndefined();
    expect(current.reason).toMatch(/password authentication failed/);
    expect(JSON.stringify(current)).not.toContain('Wr0ngPassw0rd');
  });
});

import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { UsageError } from '../cli/command.js';
import { pgConnectionString } from '../db/current.js';
import type { DatabaseUrl } from '../discover/types.js';
import { maskUrl, sqliteDatabaseFile, urlSecrets } from '../discover/url.js';
import type { CleanupScope } from './cleanup.js';
import { currentOwner, ownerGone, ownerOf, ownerTag } from './owner.js';

/** Prefix of every temporary SQLite folder and PostgreSQL database this tool creates. */
export const throwawayPrefix = 'stk_migrate_tmp_';

export interface ThrowawayDatabase {
  /** SQLAlchemy URL with a synchronous driver: what Alembic and the helper use. */
  url: string;
  /** The same database with the project's own driver (e.g. `sqlite+aiosqlite`), for the app's settings. */
  projectUrl: string;
  /** For people: the masked URL. */
  label: string;
  /** Drops or deletes it now (cleanup does it otherwise). */
  drop(): Promise<void>;
}

export interface Throwaways {
  dialect: 'sqlite' | 'postgresql';
  /** Passwords to keep out of every message. */
  secrets: string[];
  /**
   * Removes what killed runs left (SIGKILL, a power cut): throwaway folders and databases whose owner
   * process is gone. Returns what it removed, for one line of output; never fails the command.
   */
  sweep(): Promise<string[]>;
  /** A new empty database, or a copy of the developer's (`--with-data`); its removal is registered before it exists. */
  create(copy: boolean): Promise<ThrowawayDatabase>;
}

const syncDrivers: Record<string, string> = {
  'sqlite+aiosqlite': 'sqlite',
  'postgresql+asyncpg': 'postgresql+psycopg2',
  'postgresql+aiopg': 'postgresql+psycopg2',
  'postgresql+psycopg_async': 'postgresql+psycopg',
  postgres: 'postgresql',
};

function scheme(url: string): string {
  return url.slice(0, Math.max(0, url.indexOf('://')));
}

/** `sqlite+aiosqlite://...` -> `sqlite://...`, `postgresql+asyncpg://` -> `postgresql+psycopg2://`: Alembic runs synchronously. */
export function syncUrl(url: string): string {
  const from = scheme(url);
  const to = syncDrivers[from];
  return to ? `${to}${url.slice(from.length)}` : url;
}

const asyncDrivers: Record<string, string> = { sqlite: 'sqlite+aiosqlite', 'sqlite+pysqlite': 'sqlite+aiosqlite', postgresql: 'postgresql+asyncpg', 'postgresql+psycopg2': 'postgresql+asyncpg' };

/** For an env.py written for asyncio (Alembic's async template): the project's async driver, or the usual one. */
export function asyncUrl(url: string, projectUrl: string): string {
  const own = scheme(projectUrl);
  const from = scheme(url);
  const to = syncDrivers[own] ? own : (asyncDrivers[from] ?? from);
  return `${to}${url.slice(from.length)}`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `stk_migrate_tmp_<owner>_`: every name this process gives a throwaway starts so (the owner: see owner.ts). */
function ownedPrefix(): string {
  return `${throwawayPrefix}${ownerTag(currentOwner())}_`;
}

function randomName(): string {
  return `${ownedPrefix()}${randomBytes(6).toString('hex')}`;
}

/** Throwaway SQLite folders in the temporary folder whose owner is gone, removed. */
export function sweepSqliteOrphans(folder = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = ownerOf(name, throwawayPrefix);
    if (!owner || !ownerGone(owner)) continue;
    try {
      rmSync(join(folder, name), { recursive: true });
      removed.push(join(folder, name));
    } catch {
      // another user's folder, or one removed meanwhile: not ours to report
    }
  }
  return removed;
}

function sqliteThrowaways(database: DatabaseUrl | undefined, root: string, scope: CleanupScope): Throwaways {
  const projectScheme = database ? scheme(database.url) : 'sqlite';
  let folder: string | undefined;
  let count = 0;
  return {
    dialect: 'sqlite',
    secrets: [],
    sweep: async () => sweepSqliteOrphans(),
    async create(copy) {
      if (!folder) {
        const made = mkdtempSync(join(tmpdir(), ownedPrefix()));
        folder = made;
        scope.add(`delete ${made}`, () => rmSync(made, { recursive: true, force: true }));
      }
      const file = join(folder, `db${++count}.sqlite`);
      const remove = () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
      };
      const forget = scope.add(`delete ${file}`, remove);
      if (copy) {
        const source = database ? sqliteDatabaseFile(database, root) : undefined;
        if (!source || !existsSync(source)) throw new UsageError(`--with-data: ${database?.masked ?? 'the project has no database URL'}: no SQLite file to copy`);
        // Only read: the file and its write-ahead log, which SQLite replays into the copy.
        copyFileSync(source, file);
        if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
      }
      const own = projectScheme.startsWith('sqlite') ? projectScheme : 'sqlite';
      return {
        url: `sqlite:///${file}`,
        projectUrl: `${own}:///${file}`,
        label: `temporary SQLite file ${file}`,
        async drop() {
          remove();
          forget();
        },
      };
    },
  };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

type PgError = Error & { code?: string };

function postgresThrowaways(database: DatabaseUrl, scope: CleanupScope): Throwaways {
  const server = maskUrl(withDatabase(database.url, ''));

  /** A client on the server's maintenance database: never on the developer's, which TEMPLATE needs idle. */
  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const { default: pgModule } = await import('pg');
    let lastError: PgError | undefined;
    for (const maintenance of ['postgres', 'template1']) {
      const client = new pgModule.Client({ connectionString: pgConnectionString(withDatabase(database.url, maintenance)), connectionTimeoutMillis: 10_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (error) {
        lastError = error as PgError;
        await client.end().catch(() => undefined);
        if (lastError.code === '3D000') continue;
        break;
      }
      try {
        return await fn(client);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new UsageError(`cannot reach the PostgreSQL server ${server}: ${(lastError?.message ?? 'no maintenance database').split('\n')[0]}`, 'database');
  }

  async function drop(name: string): Promise<void> {
    await admin(async (client) => {
      for (let attempt = 1; ; attempt++) {
        // Our own role's client sessions only: an autovacuum worker on the database (a superuser's process, which a
        // role without superuser may not end) is stopped by DROP DATABASE itself; another role's session makes it wait.
        await client.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user",
          [name],
        );
        try {
          await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
          return;
        } catch (error) {
          if ((error as PgError).code !== '55006' || attempt >= 10) throw error;
          await new Promise((done) => setTimeout(done, 200));
        }
      }
    });
  }

  async function busyReason(client: pg.Client, source: string): Promise<string> {
    const sessions = await client.query<{ n: number; apps: string | null }>(
      "SELECT count(*)::int AS n, string_agg(DISTINCT coalesce(nullif(application_name, ''), 'unnamed client'), ', ') AS apps FROM pg_stat_activity WHERE datname = $1",
      [source],
    );
    const row = sessions.rows[0];
    return `${row?.n ?? 'some'} other session(s) are connected to it (${row?.apps ?? 'unknown'})`;
  }

  /** CREATE DATABASE; `sending` is called just before the statement goes to the server (only then can a database exist to drop). */
  async function create(name: string, copy: boolean, sending: () => void): Promise<void> {
    const source = databaseName(database.url);
    if (copy && !source) throw new UsageError(`--with-data: ${database.masked} names no database to copy`);
    await admin(async (client) => {
      const sql = `CREATE DATABASE ${quoteIdentifier(name)}${copy ? ` TEMPLATE ${quoteIdentifier(source)}` : ''}`;
      sending();
      try {
        // PostgreSQL itself waits up to 5 s for other sessions of the template to end.
        await client.query(sql);
      } catch (error) {
        const code = (error as PgError).code;
        const message = (error as Error).message.split('\n')[0];
        if (code === '55006' && copy) {
          throw new UsageError(
            `--with-data: PostgreSQL copies ${database.masked} only while nobody is connected to it (CREATE DATABASE ... TEMPLATE), and ${await busyReason(client, source)}; stop the app or close those sessions and retry`,
          );
        }
        if (code === '3D000' && copy) throw new UsageError(`--with-data: ${database.masked} does not exist, so there is nothing to copy`);
        if (code === '42501') throw new UsageError(`cannot create a throwaway database on ${server}: the role lacks CREATEDB (${message}); pass --database-url with a role that has it`, 'database');
        throw new UsageError(`cannot create a throwaway database on ${server}: ${message}`, 'database');
      }
    });
  }

  /** Throwaway databases on this server whose owner is gone, dropped; nothing when the server cannot be reached (the CREATE says why). */
  async function sweep(): Promise<string[]> {
    try {
      const names = await admin(async (client) => {
        const rows = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'stk\\_migrate\\_tmp\\_%'");
        return rows.rows.map((row) => row.datname);
      });
      const removed: string[] = [];
      for (const name of names) {
        const owner = ownerOf(name, throwawayPrefix);
        if (!owner || !ownerGone(owner)) continue;
        await drop(name);
        removed.push(`${name} on ${server}`);
      }
      return removed;
    } catch {
      return [];
    }
  }

  return {
    dialect: 'postgresql',
    secrets: urlSecrets(database.url),
    sweep,
    async create(copy) {
      const name = randomName();
      let creating: Promise<void> = Promise.resolve();
      let sent = false;
      // Registered before the database exists, and waits for a CREATE in flight: a timeout never strands one.
      // A CREATE never sent (the server refused the connection) left nothing to drop.
      const forget = scope.add(`drop database ${name} on ${server}`, async () => {
        await creating.catch(() => undefined);
        if (sent) await drop(name);
      });
      creating = create(name, copy, () => {
        sent = true;
      });
      await creating;
      const projectUrl = withDatabase(database.url, name);
      return {
        url: syncUrl(projectUrl),
        projectUrl,
        label: maskUrl(projectUrl),
        async drop() {
          await drop(name);
          forget();
        },
      };
    },
  };
}

/** Where throwaway databases go: a temporary folder for SQLite projects, the project's server for PostgreSQL. */
export function throwaways(database: DatabaseUrl | undefined, root: string, scope: CleanupScope): Throwaways {
  if (!database || database.dialect === 'sqlite') return sqliteThrowaways(database, root, scope);
  if (database.dialect === 'postgresql') return postgresThrowaways(database, scope);
  throw new UsageError(`throwaway databases work on SQLite and PostgreSQL; ${database.masked} (from ${database.source}) is ${database.dialect}`);
}

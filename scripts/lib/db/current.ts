import { existsSync } from 'node:fs';
import { migrationCommand, resolvePython } from '../discover/runner.js';
import type { DatabaseUrl, Project } from '../discover/types.js';
import { relativePath } from '../discover/files.js';
import { sqliteDatabaseFile } from '../discover/url.js';
import { readSqliteTable } from './sqlite-file.js';

export interface CurrentRevision {
  /** Revisions recorded in the version table; empty when none is applied; undefined when unknown. */
  revisions: string[] | undefined;
  /** How it was found: `sqlite file`, `postgresql`, `<cli> current`, or why it could not be. */
  source: string;
  /** Why `revisions` is empty or unknown, in one line. */
  reason: string | undefined;
  /** The database itself does not exist yet (a SQLite file, a PostgreSQL database): nothing created it. */
  missing?: boolean;
}

function versionTable(project: Project): string {
  return project.config.versionTable ?? 'alembic_version';
}

function fromSqlite(project: Project, database: DatabaseUrl): CurrentRevision {
  const file = sqliteDatabaseFile(database, project.root);
  if (!file) return { revisions: undefined, source: 'sqlite', reason: 'the SQLite database is in memory; nothing to read' };
  const shown = relativePath(project.root, file);
  if (!existsSync(file)) return { revisions: [], source: 'sqlite file', reason: `${shown} does not exist yet: no migration has been applied`, missing: true };
  const rows = readSqliteTable(file, versionTable(project));
  if (!rows) return { revisions: [], source: 'sqlite file', reason: `${shown} has no ${versionTable(project)} table: no migration has been applied` };
  return { revisions: rows.map((row) => String(row[0])), source: `sqlite file ${shown}`, reason: rows.length === 0 ? `${versionTable(project)} is empty` : undefined };
}

/** A libpq-style URL the `pg` client accepts: SQLAlchemy's `+driver` suffix dropped. */
export function pgConnectionString(url: string): string {
  return url.replace(/^postgres(?:ql)?\+\w+:/, 'postgresql:');
}

async function fromPostgres(project: Project, url: string, timeoutMs: number): Promise<CurrentRevision> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: pgConnectionString(url),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    options: '-c default_transaction_read_only=on',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const table = versionTable(project);
    const exists = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [table]);
    if (!exists.rows[0]?.found) return { revisions: [], source: 'postgresql', reason: `the database has no ${table} table: no migration has been applied` };
    const result = await client.query<{ version_num: string }>(`SELECT version_num FROM ${quoteIdentifier(table)}`);
    return { revisions: result.rows.map((row) => row.version_num), source: 'postgresql', reason: result.rows.length === 0 ? `${table} is empty` : undefined };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message.split('\n')[0] ?? '';
    const reason = code === '3D000' ? 'the database does not exist yet: no migration has been applied' : `could not read ${project.database?.masked}: ${message}`;
    return { revisions: code === '3D000' ? [] : undefined, source: 'postgresql', reason, ...(code === '3D000' ? { missing: true } : {}) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function quoteIdentifier(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

/** Failures of `current` whose real reason is that no database is configured, or that its file does not exist yet. */
const notConfigured = [
  /No config file .* found/,
  /Could not parse (?:rfc1738|SQLAlchemy) URL/,
  /Can't load plugin: sqlalchemy\.dialects:driver/,
  /'SQLALCHEMY_DATABASE_URI' or 'SQLALCHEMY_BINDS' must be set/,
  /SQLALCHEMY_DATABASE_URI.*(?:not set|must be set|is required)/,
];
const noFileYet = /unable to open database file/;

/** Why the tooling's `current` failed, in the words a user acts on. */
function whyCurrentFailed(project: Project, label: string, output: string): string {
  const said = lastLine(output);
  if (noFileYet.test(output)) return `no database file yet: ${label} cannot open it ("${said}")`;
  if (notConfigured.some((pattern) => pattern.test(output))) return `${project.noDatabaseReason ?? 'no database configured'}; ${label} says "${said}"`;
  return `${label} failed: ${said}`;
}

/** Asks the project's own `current` command, keeping only the words that are known revision ids. */
async function fromTooling(project: Project, known: Set<string>, timeoutMs: number): Promise<CurrentRevision> {
  const label = `${project.runner.label} ${project.cli.label} current`;
  try {
    const python = await resolvePython(project.root, project.runner, project.config);
    const [command, ...args] = migrationCommand(project, python, ['current']);
    // execa loads only when the project's tooling has to answer (a SQLite file is read without it)
    const { execa } = await import('execa');
    const result = await execa(command!, args, { cwd: project.root, reject: false, timeout: timeoutMs, all: true, stdin: 'ignore' });
    if (result.timedOut) return { revisions: undefined, source: label, reason: `${label} did not answer within ${timeoutMs / 1000} s` };
    if (result.exitCode !== 0) return { revisions: undefined, source: label, reason: whyCurrentFailed(project, label, result.all ?? '') };
    const revisions = (result.stdout ?? '').split(/\s+/).filter((word) => known.has(word));
    return { revisions, source: label, reason: revisions.length === 0 ? 'no migration has been applied' : undefined };
  } catch (error) {
    return { revisions: undefined, source: label, reason: (error as Error).message.split('\n')[0] };
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}

/**
 * The database's current revision, read straight from the version table (read-only, never creating a
 * database), or from the project's tooling when the URL is of another dialect or only the app knows it.
 * When env.py reads the URL from alembic.ini alone and that names none, no database is configured: that
 * is the answer, and no command runs.
 */
export async function currentRevision(project: Project, known: Set<string>, timeoutMs = 3000): Promise<CurrentRevision> {
  const database = project.database;
  if (!database && !project.env.urlFromApp) return { revisions: undefined, source: 'configuration', reason: project.noDatabaseReason ?? 'no database configured' };
  try {
    if (database?.dialect === 'sqlite') return fromSqlite(project, database);
    if (database?.dialect === 'postgresql') return await fromPostgres(project, database.url, timeoutMs);
  } catch (error) {
    return { revisions: undefined, source: database?.dialect ?? 'database', reason: `could not read ${database?.masked}: ${(error as Error).message.split('\n')[0]}` };
  }
  return fromTooling(project, known, Math.max(timeoutMs, 15_000));
}

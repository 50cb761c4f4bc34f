import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { copyExample, examplePython, repoRoot } from '../../helpers/example-project.js';
import { withClient } from '../../helpers/pg.js';
import { RoundtripReportSchema, type RoundtripReport } from '../../../scripts/lib/migrate/roundtrip/report.js';
import { DriftReportSchema, type DriftReport } from '../../../scripts/lib/migrate/drift/run.js';
import { throwawayPrefix } from '../../../scripts/lib/throwaway/database.js';
import { ownerOf } from '../../../scripts/lib/throwaway/owner.js';

export const brokenFixtures = join(repoRoot, 'test', 'fixtures', 'broken');

/** A private copy of examples/stk-app with `test/fixtures/broken/<fixture>` laid over it. */
export function exampleWith(fixture?: string): { root: string; cleanup: () => void } {
  const project = copyExample();
  if (fixture) cpSync(join(brokenFixtures, fixture), project.root, { recursive: true });
  return project;
}

/** The bundled CLI, as the skill runs it, with extra environment (TMPDIR, a database URL, a test marker). */
export function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const running = execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd, reject: false, env: { ...env, STK_MIGRATE_NO_CACHE: '1' } });
  if (running.pid) startedPids.add(running.pid);
  return running;
}

/** Every CLI process the tests of this file started: their throwaway databases carry these ids in their names. */
export const startedPids = new Set<number>();

/** Throwaway databases that processes started by these tests left on the server (other runs on a shared server are not ours to judge). */
export async function ourLeftoverDatabases(adminUrl: string): Promise<string[]> {
  return (await leftoverDatabases(adminUrl)).filter((name) => startedPids.has(ownerOf(name, throwawayPrefix)?.pid ?? -1));
}

/** `python -m alembic ...` in the project, as its developer would run it. */
export async function alembicIn(root: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  const python = await examplePython(root);
  await execa(python[0]!, [...python.slice(1), '-m', 'alembic', ...args], { cwd: root, env });
}

export function parseRoundtrip(stdout: string): RoundtripReport {
  return RoundtripReportSchema.parse(JSON.parse(stdout));
}

export function parseDrift(stdout: string): DriftReport {
  return DriftReportSchema.parse(JSON.parse(stdout));
}

export function sha256(file: string): string {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing';
}

/** Everything a write could change in a PostgreSQL database: columns, indexes, constraints and every row. */
export async function pgFingerprint(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const parts: unknown[] = [];
    const query = async (sql: string) => (await client.query(sql)).rows;
    parts.push(await query("SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"));
    parts.push(await query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
    parts.push(await query("SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1"));
    const tables = await query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    for (const { tablename } of tables as { tablename: string }[]) {
      parts.push(tablename, await query(`SELECT t::text AS row FROM "${tablename}" t ORDER BY 1`));
    }
    return JSON.stringify(parts);
  });
}

/** Names of the throwaway databases on the test server. */
export async function leftoverDatabases(adminUrl: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'stk\\_migrate\\_tmp\\_%'")).rows.map((row) => row.datname));
}

/** Rows for the developer's database, so --with-data has real data to copy. */
export const devRowsSql = `
INSERT INTO role (name, description) VALUES ('admin', 'Administrators of the whole site');
INSERT INTO "user" (email, name, active, fs_uniquifier, created_at) VALUES ('ada@example.com', 'Ada Lovelace', true, 'u-ada', '2024-05-01 10:00:00');
INSERT INTO roles_users (user_id, role_id) VALUES (1, 1);
INSERT INTO post (user_id, title, status, created_at) VALUES (1, 'Notes on the analytical engine', 'published', '2024-05-02 10:00:00');
`;

/** Model module of the plain Alembic projects below: no stk, no Quart, one table. */
export const plainModels = `from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Item(Base):
    __tablename__ = "item"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, unique=True)
`;

/**
 * A plain Alembic project made by Alembic itself (`alembic init`, generic or async template), its
 * env.py pointed at models.py, and a first revision autogenerated from the models.
 */
export async function plainAlembicProject(dir: string, template: 'generic' | 'async'): Promise<string> {
  const root = join(dir, `plain-${template}`);
  mkdirSync(root, { recursive: true });
  await alembicIn(root, ['init', '-t', template, 'alembic']);
  const ini = join(root, 'alembic.ini');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${template === 'async' ? 'sqlite+aiosqlite' : 'sqlite'}:///app.db`));
  const env = join(root, 'alembic', 'env.py');
  writeFileSync(env, readFileSync(env, 'utf8').replace(/^target_metadata = None$/m, 'from models import Base\n\ntarget_metadata = Base.metadata'));
  writeFileSync(join(root, 'models.py'), plainModels);
  await alembicIn(root, ['revision', '--autogenerate', '-m', 'create item', '--rev-id', 'a1a1a1a1a1a1']);
  return root;
}

/**
 * Waits until the slow-upgrade fixture's migration has started (it writes `marker`), failing with the
 * command's own words if it ended first.
 */
export async function untilMigrating(running: ReturnType<typeof cli>, marker: string): Promise<void> {
  const ended = running.then((result) => result);
  for (;;) {
    if (existsSync(marker)) return;
    const result = await Promise.race([ended, new Promise<undefined>((done) => setTimeout(() => done(undefined), 100))]);
    if (result) throw new Error(`the command ended before its migration started (exit ${result.exitCode}): ${result.stderr}`);
  }
}

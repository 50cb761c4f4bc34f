import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ownerOf } from '../../../scripts/lib/throwaway/owner.js';
import { throwawayPrefix } from '../../../scripts/lib/throwaway/database.js';
import { createDatabase, dropDatabase, pgAdminUrl, pgUrlFor, throwawayDatabaseName, withClient } from '../../helpers/pg.js';
import { alembicIn, cli, devRowsSql, exampleWith, leftoverDatabases, ourLeftoverDatabases, parseDrift, parseRoundtrip, pgFingerprint, untilMigrating } from './support.js';

// Every test that makes throwaway PostgreSQL databases lives in this file (drift's too): its tests run
// one after the other, so "no stk_migrate_tmp_% database on the server" is a check nothing else disturbs.

const head = '4e7d1c9a2b6f';
const devName = throwawayDatabaseName();
/** The developer's database, as the example's settings take it: a synchronous SQLAlchemy URL. */
const devUrl = pgUrlFor(devName).replace(/^postgresql:/, 'postgresql+psycopg2:');
const password = decodeURIComponent(new URL(pgAdminUrl).password);
let fingerprint = '';
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  await createDatabase(devName);
  const example = exampleWith();
  try {
    await alembicIn(example.root, ['upgrade', head], { SQLALCHEMY_DATABASE_URI: devUrl });
  } finally {
    example.cleanup();
  }
  await withClient(pgUrlFor(devName), (client) => client.query(devRowsSql));
  fingerprint = await pgFingerprint(pgUrlFor(devName));
});

afterAll(async () => {
  await dropDatabase(devName);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  expect(await ourLeftoverDatabases(pgAdminUrl), 'throwaway databases left on the server').toEqual([]);
  expect(await pgFingerprint(pgUrlFor(devName)), "the developer's database changed").toBe(fingerprint);
});

function project(fixture?: string): string {
  const copy = exampleWith(fixture);
  cleanups.push(copy.cleanup);
  return copy.root;
}

const onServer = ['--database-url', devUrl];

describe('roundtrip and drift on examples/stk-app with PostgreSQL 15', () => {
  it('pass for every revision with the URL from SQLALCHEMY_DATABASE_URI, and never print the password', async () => {
    const root = project();
    const env = { SQLALCHEMY_DATABASE_URI: devUrl };
    const result = await cli(root, ['roundtrip', '--all', '--format', 'json'], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = parseRoundtrip(result.stdout);
    expect(report.database.dialect).toBe('postgresql');
    expect(ownerOf(report.database.throwaway.split('/').pop()!, throwawayPrefix)).toBeDefined();
    expect(report.findings).toEqual([]);
    expect(report.revisions.map((revision) => revision.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
    const posts = report.revisions.at(-1)?.rows.post;
    expect(posts?.before).toBeGreaterThan(0);
    expect(posts).toEqual({ before: posts?.before, afterUpgrade: posts?.before, afterDowngrade: posts?.before, afterReupgrade: posts?.before });

    const drift = await cli(root, ['drift', '--format', 'json'], env);
    expect(drift.exitCode).toBe(0);
    const driftReport = parseDrift(drift.stdout);
    expect(driftReport.differences).toEqual([]);
    expect(driftReport.heads).toEqual([head]);
    expect(`${result.stdout}${drift.stdout}`).not.toContain(`:${password}@`);
  });

  it('--with-data copies the developer\'s database with CREATE DATABASE ... TEMPLATE and only reads it', async () => {
    const result = await cli(project(), ['roundtrip', '--with-data', '--format', 'json', ...onServer]);
    expect(result.exitCode).toBe(0);
    const report = parseRoundtrip(result.stdout);
    expect(report.database.withData).toBe(true);
    // the developer's row plus three sample rows
    expect(report.revisions[0]?.rows.role?.before).toBe(4);
  });

  it('--with-data says clearly when another session keeps the developer\'s database busy', async () => {
    const busy = new pg.Client({ connectionString: pgUrlFor(devName), application_name: 'stk-app-dev-server' });
    await busy.connect();
    try {
      const result = await cli(project(), ['roundtrip', '--with-data', ...onServer]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/only while nobody is connected to it .*\d+ other session\(s\) are connected to it \(.*stk-app-dev-server.*\)/);
      expect(result.stderr).not.toContain(`:${password}@`);
    } finally {
      await busy.end();
    }
  });

  describe('catches each broken migration with the right finding', () => {
    it('a downgrade that forgets an index', async () => {
      const report = parseRoundtrip((await cli(project('downgrade-forgets-index'), ['roundtrip', '--format', 'json', ...onServer])).stdout);
      expect(report.findings.map((finding) => `${finding.rule}: ${finding.message}`)).toContain(
        'roundtrip-schema-mismatch: 4f1d2a9c7b30: unexpected index ix_post_title after downgrade (not there before the upgrade)',
      );
    });

    it('a downgrade that drops the wrong column', async () => {
      const result = await cli(project('downgrade-drops-wrong-column'), ['roundtrip', 'cf21a28f0a85', '--format', 'json', ...onServer]);
      expect(result.exitCode).toBe(1);
      const messages = parseRoundtrip(result.stdout).findings.map((finding) => `${finding.rule}: ${finding.message}`);
      expect(messages).toContain('roundtrip-schema-mismatch: cf21a28f0a85: column user.name missing after downgrade');
      expect(messages.some((message) => /^roundtrip-data-loss: .*the downgrade drops column user\.name/.test(message))).toBe(true);
    });

    it('an upgrade that fails on existing rows (NOT NULL without a default)', async () => {
      const result = await cli(project('not-null-without-default'), ['roundtrip', '--format', 'json', ...onServer]);
      expect(result.exitCode).toBe(1);
      const [failure] = parseRoundtrip(result.stdout).findings;
      expect(failure).toMatchObject({ rule: 'roundtrip-upgrade-failed', file: 'alembic/versions/9b3e5d7f1a20_add_bio_to_user.py', line: 19 });
      expect(failure?.message).toMatch(/NotNullViolation\) column "bio" of relation "user" contains null values/);
    });

    it('a type change that truncates data: PostgreSQL refuses it, so the upgrade fails', async () => {
      const result = await cli(project('truncating-type-change'), ['roundtrip', '--format', 'json', ...onServer]);
      expect(result.exitCode).toBe(1);
      const [failure] = parseRoundtrip(result.stdout).findings;
      expect(failure?.rule).toBe('roundtrip-upgrade-failed');
      expect(failure?.message).toMatch(/value too long for type character varying\(8\)/);
      expect(failure?.help).toMatch(/do not fit the new type/);
    });

    it('a rename done as drop + add', async () => {
      const result = await cli(project('rename-as-drop-add'), ['roundtrip', '--format', 'json', ...onServer]);
      expect(result.exitCode).toBe(1);
      const [loss] = parseRoundtrip(result.stdout).findings;
      expect(loss?.rule).toBe('roundtrip-data-loss');
      expect(loss?.message).toMatch(/the upgrade drops role\.description \(3 values\) and adds role\.summary without them/);
    });

    it('a model changed without a migration (drift)', async () => {
      const result = await cli(project('model-without-migration'), ['drift', '--format', 'json', ...onServer]);
      expect(result.exitCode).toBe(1);
      const report = parseDrift(result.stdout);
      expect(report.differences.map((difference) => difference.text)).toEqual(['add_column: user.bio VARCHAR(200)']);
      expect(report.findings[0]).toMatchObject({ rule: 'model-drift', file: 'stkapp/user/models.py' });
    });
  });

  describe('drops the throwaway database when stopped', () => {
    function marker(): string {
      const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-rt-marker-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return join(dir, 'migrating');
    }

    it('by SIGINT in the middle of a migration: exit 130', async () => {
      const file = marker();
      const running = cli(project('slow-upgrade'), ['roundtrip', ...onServer], { STK_MIGRATE_TEST_MARKER: file });
      await untilMigrating(running, file);
      // this run's database, told from other runs' on the shared server by the owner in its name
      const own = async () => (await leftoverDatabases(pgAdminUrl)).filter((name) => ownerOf(name, throwawayPrefix)?.pid === running.pid);
      expect(await own()).toHaveLength(1);
      running.kill('SIGINT');
      const result = await running;
      expect(result.exitCode).toBe(130);
      expect(result.stderr).toMatch(/interrupted; removing the throwaway database/);
      expect(await own()).toEqual([]);
    });

    it('by --timeout: exit 2 with one line', async () => {
      const result = await cli(project('slow-upgrade'), ['roundtrip', '--timeout', '15', ...onServer]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/stopped after 15 s \(--timeout\) while upgrade to 5a0b1c2d3e4f/)]);
    });
  });
});

// api-smoke makes its throwaway database with the same code; it lives here for the leftover check above.
describe('api-smoke on examples/stk-app with PostgreSQL 15', () => {
  it("drives Post's endpoints through the app on a throwaway database beside the developer's, which it never opens", async () => {
    const root = project();
    const created = await cli(root, ['api-new', 'Post']);
    expect(created.exitCode, created.stdout + created.stderr).toBe(0);
    // the app's own async driver, as stk's settings give it (python3-asyncpg)
    const result = await cli(root, ['api-smoke', 'Post', '--format', 'json'], { SQLALCHEMY_DATABASE_URI: devUrl.replace('postgresql+psycopg2:', 'postgresql+asyncpg:') });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { findings: unknown[]; steps: { step: string; ok: boolean; skipped: boolean }[] };
    expect(report.findings).toEqual([]);
    expect(report.steps.map((step) => `${step.step} ${step.ok && !step.skipped}`)).toEqual(
      ['boot', 'create', 'list', 'search', 'paging', 'update', 'unauthenticated', 'delete', 'not-found'].map((step) => `${step} true`),
    );
    expect(result.stdout).not.toContain(`:${password}@`);
  });
});

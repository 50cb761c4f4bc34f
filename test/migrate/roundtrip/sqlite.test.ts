import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteExec } from '../../helpers/python.js';
import { alembicIn, cli, exampleWith, parseRoundtrip, sha256, untilMigrating } from './support.js';

const head = '4e7d1c9a2b6f';
const devRows = `
INSERT INTO role (name, description) VALUES ('admin', 'Administrators of the whole site');
INSERT INTO user (email, name, active, fs_uniquifier, created_at) VALUES ('ada@example.com', 'Ada Lovelace', 1, 'u-ada', '2024-05-01 10:00:00');
INSERT INTO roles_users (user_id, role_id) VALUES (1, 1);
`;

/** A copy of the example, optionally with a broken fixture, whose own SQLite database is at `revision` and holds rows. */
async function project(fixture?: string, revision = head) {
  const copy = exampleWith(fixture);
  cleanups.push(copy.cleanup);
  await alembicIn(copy.root, ['upgrade', revision]);
  const dev = join(copy.root, 'instance', 'stk.db');
  await sqliteExec(dev, devRows);
  return { root: copy.root, dev, hash: sha256(dev) };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A private temporary folder for the command, so its leftovers (or their absence) can be seen. */
function privateTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-rt-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('roundtrip and drift on examples/stk-app with SQLite', () => {
  it('pass for every revision, leave nothing behind, and never write the developer\'s database', async () => {
    const { root, dev, hash } = await project();
    const tmp = privateTmp();
    const result = await cli(root, ['roundtrip', '--all', '--format', 'json'], { TMPDIR: tmp });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = parseRoundtrip(result.stdout);
    expect(report.findings).toEqual([]);
    expect(report.database.dialect).toBe('sqlite');
    expect(report.revisions.map((revision) => revision.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
    expect(report.revisions.at(-1)?.revision).toBe(head);
    // sample rows went in before each upgrade and were counted at every step
    const last = report.revisions.at(-1)!;
    expect(last.sample?.skipped).toEqual([]);
    for (const table of ['role', 'user', 'roles_users', 'oauth', 'post']) {
      expect(last.rows[table]?.before).toBeGreaterThan(0);
      expect(last.rows[table]).toEqual({ before: last.rows[table]?.before, afterUpgrade: last.rows[table]?.before, afterDowngrade: last.rows[table]?.before, afterReupgrade: last.rows[table]?.before });
    }

    const drift = await cli(root, ['drift'], { TMPDIR: tmp });
    expect(drift.exitCode).toBe(0);
    expect(drift.stdout).toMatch(/^no drift/);

    expect(readdirSync(tmp)).toEqual([]);
    expect(sha256(dev)).toBe(hash);
  });

  it('--with-data runs on a copy of the developer\'s rows, and the original file stays byte for byte the same', async () => {
    const { root, dev, hash } = await project(undefined, 'cf21a28f0a85');
    const tmp = privateTmp();
    const result = await cli(root, ['roundtrip', '--with-data', '--format', 'json'], { TMPDIR: tmp });
    expect(result.exitCode).toBe(0);
    const report = parseRoundtrip(result.stdout);
    expect(report.database.withData).toBe(true);
    expect(report.revisions.map((revision) => [revision.revision, revision.status])).toEqual([[head, 'passed']]);
    // the developer's role row plus three sample rows
    expect(report.revisions[0]?.rows.role?.before).toBe(4);
    expect(sha256(dev)).toBe(hash);
    expect(readdirSync(tmp)).toEqual([]);

    // a copy that is ahead of the revision's parent is downgraded (the copy, never the original)
    const older = await cli(root, ['roundtrip', '39a94c31b0e5', '--with-data', '--format', 'json'], { TMPDIR: tmp });
    expect(older.exitCode).toBe(0);
    expect(parseRoundtrip(older.stdout).revisions[0]?.rows.user?.before).toBe(4);
    expect(sha256(dev)).toBe(hash);
  });

  describe('catches each broken migration with the right finding', () => {
    it('a downgrade that forgets an index', async () => {
      const { root, dev, hash } = await project('downgrade-forgets-index');
      const result = await cli(root, ['roundtrip', '--format', 'json']);
      expect(result.exitCode).toBe(1);
      const report = parseRoundtrip(result.stdout);
      const mismatch = report.findings.find((finding) => finding.rule === 'roundtrip-schema-mismatch');
      expect(mismatch?.message).toMatch(/unexpected index ix_post_title after downgrade/);
      expect(mismatch?.file).toBe('alembic/versions/4f1d2a9c7b30_index_post_title.py');
      expect(report.findings.map((finding) => finding.rule)).toContain('roundtrip-reupgrade-failed');
      expect(sha256(dev)).toBe(hash);
    });

    it('a downgrade that drops the wrong column', async () => {
      const { root, dev, hash } = await project('downgrade-drops-wrong-column');
      const result = await cli(root, ['roundtrip', 'cf21a28f0a85', '--format', 'json']);
      expect(result.exitCode).toBe(1);
      const messages = parseRoundtrip(result.stdout).findings.map((finding) => `${finding.rule}: ${finding.message}`);
      expect(messages).toContain('roundtrip-schema-mismatch: cf21a28f0a85: column user.name missing after downgrade');
      expect(messages).toContain('roundtrip-schema-mismatch: cf21a28f0a85: unexpected column user.last_login_at after downgrade (not there before the upgrade)');
      expect(messages.some((message) => /^roundtrip-data-loss: .*the downgrade drops column user\.name/.test(message))).toBe(true);
      expect(sha256(dev)).toBe(hash);
    });

    it('an upgrade that fails on existing rows (NOT NULL without a default), with the migration file and line', async () => {
      const { root, dev, hash } = await project('not-null-without-default');
      const result = await cli(root, ['roundtrip', '--format', 'json']);
      expect(result.exitCode).toBe(1);
      const [failure] = parseRoundtrip(result.stdout).findings;
      expect(failure?.rule).toBe('roundtrip-upgrade-failed');
      expect(failure?.message).toMatch(/^upgrade to 9b3e5d7f1a20 fails: sqlalchemy\.exc\.\w+: .*NOT NULL/);
      expect(failure?.file).toBe('alembic/versions/9b3e5d7f1a20_add_bio_to_user.py');
      const source = readFileSync(join(root, failure!.file), 'utf8').split('\n');
      expect(source[failure!.line - 1]).toMatch(/batch_alter_table\('user'/);
      expect(failure?.help).toMatch(/server_default/);
      expect(sha256(dev)).toBe(hash);
    });

    it('a type change that truncates data: SQLite keeps the long values, so the round trip counts them', async () => {
      const { root, dev, hash } = await project('truncating-type-change');
      const result = await cli(root, ['roundtrip', '--format', 'json']);
      expect(result.exitCode).toBe(1);
      const [loss] = parseRoundtrip(result.stdout).findings;
      expect(loss?.rule).toBe('roundtrip-data-loss');
      expect(loss?.message).toMatch(/values of role\.description exceed its new length of 8/);
      expect(sha256(dev)).toBe(hash);
    });

    it('a rename done as drop + add', async () => {
      const { root, dev, hash } = await project('rename-as-drop-add');
      const result = await cli(root, ['roundtrip']);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/error \[roundtrip-data-loss\] 7e2f9a1c3b48: the upgrade drops role\.description \(\d+ values\) and adds role\.summary without them/);
      expect(result.stdout).toMatch(/new_column_name="summary"/);
      expect(sha256(dev)).toBe(hash);
    });

    it('a model changed without a migration (drift)', async () => {
      const { root, dev, hash } = await project('model-without-migration');
      const result = await cli(root, ['drift']);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/stkapp\/user\/models\.py:\d+:1: error \[model-drift\] add_column: user\.bio VARCHAR\(200\)/);
      expect(sha256(dev)).toBe(hash);
    });
  });

  it('refuses to run when env.py ignores the URL set on the Alembic config, before any SQL', async () => {
    const { root, dev, hash } = await project('env-ignores-url');
    const result = await cli(root, ['roundtrip']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/env\.py did not use the throwaway database/);
    expect(sha256(dev)).toBe(hash);
  });

  describe('cleans up when stopped', () => {
    it('by SIGINT in the middle of a migration: exit 130, no temporary file', async () => {
      const { root, dev, hash } = await project('slow-upgrade', head);
      const tmp = privateTmp();
      const marker = join(tmp, '..', `${tmp.split('/').pop()}.marker`);
      cleanups.push(() => rmSync(marker, { force: true }));
      const running = cli(root, ['roundtrip'], { TMPDIR: tmp, STK_MIGRATE_TEST_MARKER: marker });
      await untilMigrating(running, marker);
      expect(readdirSync(tmp)).not.toEqual([]);
      running.kill('SIGINT');
      const result = await running;
      expect(result.exitCode).toBe(130);
      expect(result.stderr).toMatch(/interrupted; removing the throwaway database/);
      expect(readdirSync(tmp)).toEqual([]);
      expect(sha256(dev)).toBe(hash);
    });

    it('by SIGTERM: exit 143, no temporary file', async () => {
      const { root, dev, hash } = await project('slow-upgrade', head);
      const tmp = privateTmp();
      const marker = join(tmp, '..', `${tmp.split('/').pop()}.marker`);
      cleanups.push(() => rmSync(marker, { force: true }));
      const running = cli(root, ['roundtrip'], { TMPDIR: tmp, STK_MIGRATE_TEST_MARKER: marker });
      await untilMigrating(running, marker);
      running.kill('SIGTERM');
      expect((await running).exitCode).toBe(143);
      expect(readdirSync(tmp)).toEqual([]);
      expect(sha256(dev)).toBe(hash);
    });

    it('by --timeout: exit 2 with one line, no temporary file', async () => {
      const { root, dev, hash } = await project('slow-upgrade', head);
      const tmp = privateTmp();
      const result = await cli(root, ['roundtrip', '--timeout', '15'], { TMPDIR: tmp });
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/stopped after 15 s \(--timeout\) while upgrade to 5a0b1c2d3e4f/)]);
      expect(readdirSync(tmp)).toEqual([]);
      expect(sha256(dev)).toBe(hash);
    });
  });

  it('rejects bad arguments with one line and exit 2', async () => {
    const { root } = await project();
    for (const args of [['roundtrip', 'nope'], ['roundtrip', '--all', head], ['roundtrip', '--all', '--with-data'], ['roundtrip', '--timeout', 'soon'], ['drift', 'extra']]) {
      const result = await cli(root, args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

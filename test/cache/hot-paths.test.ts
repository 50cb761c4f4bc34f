import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, repoRoot } from '../helpers/example-project.js';
import { hashBytes } from '../../scripts/lib/cache/hash.js';

/**
 * The caches of the hot paths (the migration index, the per-version facts, the replayed schemas, the model
 * and discovery caches) against runs with the cache off: after every kind of change a developer makes
 * between two runs, each command answers exactly what a cold run answers.
 */

const cli = join(repoRoot, 'dist', 'cli.cjs');
const hookBundle = join(repoRoot, 'dist', 'hook.cjs');

interface Outcome {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

/**
 * The settle window of file identities for the cached runs: by default a file changed in the last two
 * seconds is hashed again whatever its identity (every edit here is that recent); with 0, each file's
 * identity (inode, size, times) alone decides whether it is read, which the same-size edit below must defeat.
 */
let settle: string | undefined;

async function run(root: string, cache: string | undefined, argv: string[], input?: string): Promise<Outcome> {
  const env = cache === undefined ? { STK_MIGRATE_NO_CACHE: '1' } : { STK_MIGRATE_CACHE_DIR: cache, STK_MIGRATE_NO_CACHE: '', STK_MIGRATE_SETTLE_MS: settle ?? '' };
  const result = await execa('node', argv, { cwd: root, env, input: input ?? '', reject: false, timeout: 60_000 });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

function hookEvent(root: string, file: string): string {
  return JSON.stringify({ session_id: `cache-${createHash('sha1').update(root).digest('hex')}`, cwd: root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: join(root, file) }, tool_response: {} });
}

/** Every hot command's answer, in one run mode (a cache folder, or none). */
async function answers(root: string, cache: string | undefined, migration: string, appFile: string): Promise<Record<"context" | "validateOne" | "validateAll" | "hook" | "lint", Outcome>> {
  return {
    context: await run(root, cache, [cli, 'context', '--format', 'json']),
    validateOne: await run(root, cache, [cli, 'validate', migration, '--format', 'json']),
    validateAll: await run(root, cache, [cli, 'validate', '--all', '--format', 'json']),
    hook: await run(root, cache, [hookBundle], hookEvent(root, migration)),
    lint: await run(root, cache, [cli, 'lint', appFile, '--format', 'json']),
  };
}

/** Every file under the cache folder, relative to it. */
function cacheFiles(cache: string): string[] {
  return readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(cache, name)).isFile());
}

/** A cache file is whole when its first line is the hash of the rest (what every reader checks). */
function whole(path: string): boolean {
  const bytes = readFileSync(path);
  const newline = bytes.indexOf(10);
  return newline > 0 && bytes.toString('latin1', 0, newline) === hashBytes(bytes.subarray(newline + 1));
}

describe('the hot paths answer from the cache exactly what they answer without it', () => {
  let project: { root: string; cleanup: () => void };
  let cache: string;
  let head: string;
  let parentOfHead: string;
  const versions = 'alembic/versions';
  const appFile = 'stkapp/blog/views.py';
  const modelFile = 'stkapp/blog/models.py';

  beforeAll(async () => {
    project = copyExample();
    cache = mkdtempSync(join(tmpdir(), 'stk-migrate-cache-eq-'));
    const context = JSON.parse((await run(project.root, undefined, [cli, 'context', '--format', 'json'])).stdout) as { heads: string[]; migrations: { revision: string; file: string }[] };
    const revision = context.heads[0]!;
    head = context.migrations.find((migration) => migration.revision === revision)!.file;
    parentOfHead = revision;
  });
  afterAll(() => {
    project.cleanup();
    rmSync(cache, { recursive: true, force: true });
  });

  const path = (file: string) => join(project.root, file);

  /** The warm run twice (the first may fill the cache, the second reads it) against a cold one. */
  async function expectSame(migration: string, step: string): Promise<Record<"context" | "validateOne" | "validateAll" | "hook" | "lint", Outcome>> {
    const cold = await answers(project.root, undefined, migration, appFile);
    const filling = await answers(project.root, cache, migration, appFile);
    const warm = await answers(project.root, cache, migration, appFile);
    expect(filling, `${step}: first run with the cache`).toEqual(cold);
    expect(warm, `${step}: second run with the cache`).toEqual(cold);
    for (const file of cacheFiles(cache)) expect(whole(join(cache, file)), `${step}: ${file} is whole`).toBe(true);
    return cold;
  }

  it.each([
    ['with the default settle window', undefined],
    ['with identities alone deciding (settle window 0)', '0'],
  ])('after edits, additions, renames, deletions and model changes, and over a corrupt cache, %s', async (_, window) => {
    settle = window;
    rmSync(cache, { recursive: true, force: true });
    // whole seconds, so that the same-size edit below can put back exactly the same modification time
    const when = Math.floor(Date.now() / 1000) - 100;
    utimesSync(path(head), when, when);
    const start = await expectSame(head, 'start');
    expect(JSON.parse(start.validateOne.stdout).findings).toEqual([]);

    // an edit that adds an error and keeps the size and the modification time (as a checkout in the same second does)
    const original = readFileSync(path(head), 'utf8');
    const edited = original.replace(/def downgrade\(\):\n/, 'def downgrade(:\n ');
    expect(edited.length).toBe(original.length);
    writeFileSync(path(head), edited);
    utimesSync(path(head), when, when);
    expect(statSync(path(head)).mtimeMs).toBe(when * 1000);
    const broken = await expectSame(head, 'same-size edit');
    expect(broken.hook.code).toBe(2);
    expect(JSON.parse(broken.validateOne.stdout).findings.map((finding: { rule: string }) => finding.rule)).toContain('syntax-error');
    writeFileSync(path(head), original);
    utimesSync(path(head), when, when);

    // a new migration on top of the head, with a NOT NULL column without a default on an existing table
    const added = `${versions}/0a1b2c3d4e5f_add_rank_to_post.py`;
    writeFileSync(
      path(added),
      `"""add rank to post\n\nRevision ID: 0a1b2c3d4e5f\nRevises: ${parentOfHead}\n"""\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = "0a1b2c3d4e5f"\ndown_revision = "${parentOfHead}"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    with op.batch_alter_table("post", schema=None) as batch_op:\n        batch_op.add_column(sa.Column("rank", sa.Integer(), nullable=False))\n\n\ndef downgrade():\n    with op.batch_alter_table("post", schema=None) as batch_op:\n        batch_op.drop_column("rank")\n`,
    );
    const withNew = await expectSame(added, 'added migration');
    expect(JSON.parse(withNew.validateOne.stdout).findings.length).toBeGreaterThan(0);
    expect(JSON.parse(withNew.context.stdout).heads).toEqual(['0a1b2c3d4e5f']);

    // a config file appears where discovery looked for one and found none: the rules it turns off go
    const rules = [...new Set((JSON.parse(withNew.validateOne.stdout).findings as { rule: string }[]).map((finding) => finding.rule))];
    writeFileSync(path('.stk-migrate.json'), JSON.stringify({ rules: Object.fromEntries(rules.map((rule) => [rule, 'off'])) }));
    const configured = await expectSame(added, 'config file added');
    expect(JSON.parse(configured.validateOne.stdout).findings.length).toBeLessThan(JSON.parse(withNew.validateOne.stdout).findings.length);
    rmSync(path('.stk-migrate.json'));
    await expectSame(added, 'config file removed');

    // the models catch up with it: the head comparison changes
    const models = readFileSync(path(modelFile), 'utf8');
    expect(models).toMatch(/__tablename__ = "post"|__tablename__ = 'post'/);
    writeFileSync(path(modelFile), models.replace(/(__tablename__ = ["']post["']\n)/, '$1    rank = Column(Integer, nullable=False)\n'));
    await expectSame(added, 'models changed');

    // a rename: same revision, another file name
    const renamed = `${versions}/0a1b2c3d4e5f_rank_of_posts.py`;
    renameSync(path(added), path(renamed));
    await expectSame(renamed, 'renamed migration');

    // an edit of an old migration changes the schema every later one starts from
    const old = JSON.parse(start.context.stdout).migrations.at(-1).file as string;
    writeFileSync(path(old), `${readFileSync(path(old), 'utf8')}\n# touched\n`);
    await expectSame(renamed, 'old migration edited');

    // the new migration goes again, and the models with it
    rmSync(path(renamed));
    writeFileSync(path(modelFile), models);
    writeFileSync(path(old), readFileSync(path(old), 'utf8').replace(/\n# touched\n$/, ''));
    await expectSame(head, 'migration deleted, models restored');

    // every cache file cut short, or replaced by another shape: ignored, and what is read again is rewritten whole
    const files = cacheFiles(cache);
    expect(files.length).toBeGreaterThan(0);
    files.forEach((file, at) => {
      const bytes = readFileSync(join(cache, file));
      writeFileSync(join(cache, file), at % 2 === 0 ? bytes.subarray(0, Math.floor(bytes.length / 2)) : '{"format":9,"entries":null}');
    });
    const cold = await answers(project.root, undefined, head, appFile);
    expect(await answers(project.root, cache, head, appFile), 'over a corrupt cache').toEqual(cold);
    const rewritten = cacheFiles(cache).filter((file) => whole(join(cache, file)));
    expect(rewritten.filter((file) => !file.includes('/')).length, 'index files rewritten').toBe(files.filter((file) => !file.includes('/')).length);
    expect(await answers(project.root, cache, head, appFile), 'after the rewrite').toEqual(cold);
    settle = undefined;
  }, 600_000);

  it('concurrent hooks on a cold cache all answer as a cold run, and leave only whole cache files', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'stk-migrate-cache-race-'));
    try {
      writeFileSync(path(head), readFileSync(path(head), 'utf8').replace('def upgrade():\n', 'def upgrade():\n    op.drop_table("post")\n'));
      const expected = await run(project.root, undefined, [hookBundle], hookEvent(project.root, head));
      expect(expected.code).toBe(2);
      const racing = await Promise.all(Array.from({ length: 6 }, () => run(project.root, fresh, [hookBundle], hookEvent(project.root, head))));
      for (const outcome of racing) expect(outcome).toEqual(expected);
      const files = cacheFiles(fresh);
      expect(files.filter((file) => file.endsWith('.tmp')), 'no temporary file left').toEqual([]);
      for (const file of files) expect(whole(join(fresh, file)), `${file} is whole`).toBe(true);
      expect(await run(project.root, fresh, [hookBundle], hookEvent(project.root, head))).toEqual(expected);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 300_000);
});

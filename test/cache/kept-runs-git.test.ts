import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, repoRoot } from '../helpers/example-project.js';

/**
 * Kept runs of commands that ask git (`context`, `validate` and `lint` without files): what they make of
 * git's answers depends on the repository's state (HEAD, the branch, the index, ignores) and the files
 * asked about, which git reads and the run notes; after each change a developer makes with git, the
 * answer is a cold run's.
 */

const cli = join(repoRoot, 'dist', 'cli.cjs');

describe('kept runs of commands that ask git', () => {
  let project: { root: string; cleanup: () => void };
  let cache: string;
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: project.root });

  beforeAll(async () => {
    project = copyExample();
    cache = mkdtempSync(join(tmpdir(), 'stk-migrate-kept-git-'));
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'start');
  });
  afterAll(() => {
    project.cleanup();
    rmSync(cache, { recursive: true, force: true });
  });

  async function run(cached: boolean, argv: string[]) {
    const env = cached ? { STK_MIGRATE_CACHE_DIR: cache, STK_MIGRATE_NO_CACHE: '', STK_MIGRATE_SETTLE_MS: '0' } : { STK_MIGRATE_NO_CACHE: '1' };
    const result = await execa('node', [cli, ...argv], { cwd: project.root, env, reject: false, timeout: 60_000 });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }

  const commands = [['context', '--format', 'json'], ['validate', '--format', 'json', '--no-squawk'], ['lint', '--format', 'json']];

  /** Each command cold, then twice with the cache (the second answered by the kept run when nothing changed). */
  async function expectSame(step: string) {
    for (const argv of commands) {
      const cold = await run(false, argv);
      expect(await run(true, argv), `${step}: ${argv[0]}, first with the cache`).toEqual(cold);
      expect(await run(true, argv), `${step}: ${argv[0]}, second with the cache`).toEqual(cold);
    }
    return JSON.parse((await run(false, ['context', '--format', 'json'])).stdout) as { modelChanges?: { files: string[]; reason: string } | null };
  }

  it('answer as a cold run after edits, commits, ignores and checkouts', async () => {
    const start = await expectSame('committed');
    expect(readdirSync(join(cache, 'kept-runs-3')).length, 'the runs were kept').toBeGreaterThanOrEqual(commands.length);

    const models = 'stkapp/blog/models.py';
    const original = readFileSync(join(project.root, models), 'utf8');
    writeFileSync(join(project.root, models), `${original}\n# a change\n`);
    const edited = await expectSame('model file edited');
    expect(JSON.stringify(edited)).not.toBe(JSON.stringify(start));

    await git('add', models);
    await expectSame('model file staged');
    await git('commit', '-q', '-m', 'models');
    await expectSame('model file committed');

    writeFileSync(join(project.root, 'stkapp/blog/notes.py'), 'x = 1\n');
    await expectSame('untracked module');
    writeFileSync(join(project.root, '.gitignore'), 'stkapp/blog/notes.py\n');
    await expectSame('module ignored');

    await git('checkout', '-q', 'HEAD~1');
    await expectSame('earlier commit checked out');
  }, 600_000);
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes } from '../../scripts/lib/cache/hash.js';
import { repoRoot } from '../helpers/example-project.js';

/**
 * Kept runs (lib/cache/kept-runs.ts), in their own processes: a run that only read files is answered
 * again, byte for byte with its exit code, while every entry it looked at is as it was, and not once one
 * changed; a run that wrote, started a process or printed through a stream is not kept.
 */

const child = join(import.meta.dirname, 'kept-run-child.ts');
/** The folder of the kept runs in the cache (named by their layout). */
const keptFolder = 'kept-runs-3';
let dir: string;
let cache: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stk-migrate-kept-'));
  cache = join(dir, 'cache');
  mkdirSync(join(dir, 'project', 'versions'), { recursive: true });
  writeFileSync(join(dir, 'project', 'a.txt'), 'alpha\n');
  writeFileSync(join(dir, 'project', 'versions', 'one.py'), '# one\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(key: string, plan: object, settle = '0', env: Record<string, string> = {}) {
  const result = await execa(join(repoRoot, 'node_modules', '.bin', 'tsx'), [child, key, JSON.stringify(plan)], { cwd: dir, reject: false, env: { STK_MIGRATE_CACHE_DIR: cache, STK_MIGRATE_SETTLE_MS: settle, ...env } });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Whether the kept run answered: the plan of the second run differs, so only a replay prints the first one's output. */
async function answeredAsBefore(key: string, first: { stdout: string; stderr: string; code: number | undefined }): Promise<boolean> {
  const second = await run(key, { stdout: 'computed again\n' });
  if (second.stdout === first.stdout && second.stderr === first.stderr && second.code === first.code) return true;
  expect(second.stdout).toBe('computed again');
  return false;
}

function kept(): string[] {
  try {
    return readdirSync(join(cache, keptFolder));
  } catch {
    return [];
  }
}

const file = (name: string) => join(dir, 'project', name);

describe('kept runs', () => {
  it('answer again what a run printed to stdout and stderr and its exit code, while nothing it looked at changed', async () => {
    const plan = { read: [file('a.txt')], missing: [file('b.txt')], list: [file('versions')], stdout: 'findings\n', stderr: 'one warning\n', code: 1 };
    const first = await run('k1', plan);
    expect(first).toEqual({ code: 1, stdout: 'findings\nalpha\none.py', stderr: 'one warning' });
    expect(kept()).toHaveLength(1);
    expect(await answeredAsBefore('k1', first)).toBe(true);
    // another key is another run
    expect((await run('k2', { stdout: 'other\n' })).stdout).toBe('other');
  });

  it.each([
    ['a file it read is rewritten with the same size and modification time', () => {
      const when = new Date(Date.now() - 100_000);
      writeFileSync(file('a.txt'), 'alpho\n');
      utimesSync(file('a.txt'), when, when);
    }],
    ['a file it read is removed', () => rmSync(file('a.txt'))],
    ['a file it found missing appears', () => writeFileSync(file('b.txt'), '')],
    ['a folder it listed gets an entry', () => writeFileSync(file('versions/two.py'), '')],
    ['an entry of a folder it listed is renamed', () => {
      writeFileSync(file('versions/one.py.new'), '# one\n');
      rmSync(file('versions/one.py'));
    }],
  ])('miss when %s', async (_, change) => {
    const when = new Date(Date.now() - 100_000);
    utimesSync(file('a.txt'), when, when);
    const first = await run('k', { read: [file('a.txt')], missing: [file('b.txt')], list: [file('versions')], stdout: 'first\n' });
    expect(kept()).toHaveLength(1);
    change();
    expect(await answeredAsBefore('k', first)).toBe(false);
  });

  it.each([
    ['writes outside the cache folder', 'write'],
    ['starts a process', 'spawn'],
    ['prints through process.stdout', 'stream'],
    ['crashes after it printed', 'crash'],
  ] as const)('keep no run that %s', async (_, also) => {
    const first = await run('k', { read: [file('a.txt')], stdout: 'first\n', also });
    expect(first.code).toBe(also === 'crash' ? 1 : 0);
    expect(kept()).toEqual([]);
    expect(await answeredAsBefore('k', first)).toBe(false);
  });

  it('keep no run whose output did not all arrive (the reader went away)', async () => {
    const plan = JSON.stringify({ read: [file('a.txt')], stdout: 'x', repeat: 512 * 1024 });
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    // the shell only joins the two programs; every argument reaches them as given
    const piped = await execa('sh', ['-c', '"$0" "$1" "$2" "$3" | head -c 1', tsx, child, 'k', plan], { cwd: dir, reject: false, env: { STK_MIGRATE_CACHE_DIR: cache, STK_MIGRATE_SETTLE_MS: '0' } });
    expect(piped.stdout).toBe('x');
    expect(kept()).toEqual([]);
  });

  it('keep a run that looks into its own cache folder, which it does not note', async () => {
    const first = await run('k', { read: [file('a.txt')], stdout: 'first\n', also: 'look-in-cache' });
    expect(first.stdout).toBe('first\nalpha\nno cache yet');
    expect(kept()).toHaveLength(1);
    expect(readFileSync(join(cache, keptFolder, kept()[0]!), 'utf8')).not.toContain(`"${cache}"`);
    expect(await answeredAsBefore('k', first)).toBe(true);
  });

  it('keep a run that started a process declared read-only once what it made of the answer is declared, noting the reads of both', async () => {
    const first = await run('k', { read: [file('a.txt')], answer: [file('b.txt')], stdout: 'first\n', also: 'declared-spawn' });
    expect(first.stdout).toBe('first\nalpha\ngit answered');
    expect(kept()).toHaveLength(1);
    expect(await answeredAsBefore('k', first)).toBe(true);
    // a file only the declaration of the answer named
    writeFileSync(file('b.txt'), '');
    expect(await answeredAsBefore('k', first)).toBe(false);
  });

  it('keep no run that started a process declared read-only but never said what it made of the answer', async () => {
    await run('k', { read: [file('a.txt')], stdout: 'first\n', also: 'declared-unanswered' });
    expect(kept()).toEqual([]);
  });

  it('keep no run that read a file changed within the settle window before it started', async () => {
    const first = await run('k', { read: [file('a.txt')], stdout: 'first\n' }, '60000');
    expect(first.stdout).toBe('first\nalpha');
    expect(kept()).toEqual([]);
  });

  it('ignore a kept run cut short or altered, or laid out otherwise under a right hash line', async () => {
    const first = await run('k', { read: [file('a.txt')], stdout: 'first\n' });
    const [name] = kept();
    const path = join(cache, keptFolder, name!);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    expect(await answeredAsBefore('k', first)).toBe(false);
    const altered = Buffer.from(bytes);
    altered.write('fixed', altered.indexOf('first'));
    writeFileSync(path, altered);
    expect(await answeredAsBefore('k', first)).toBe(false);
    // what another layout would be: the hash line vouches for the bytes, not for what they mean
    for (const body of [Buffer.from([255, 255, 255, 127, 1, 2]), Buffer.from('{"output":[]}'), Buffer.alloc(0)]) {
      writeFileSync(path, Buffer.concat([Buffer.from(`${hashBytes(body)}\n`, 'latin1'), body]));
      expect(await answeredAsBefore('k', first)).toBe(false);
    }
  });

  it('miss when a file among many in a folder is rewritten in place, and leave the run where it started', async () => {
    const many = Array.from({ length: 40 }, (_, index) => file(`versions/m${String(index).padStart(2, '0')}.py`));
    const when = new Date(Date.now() - 100_000);
    for (const path of many) {
      writeFileSync(path, `# ${path}\n`);
      utimesSync(path, when, when);
    }
    const first = await run('k', { read: many, list: [file('versions')], stdout: 'first\n' });
    expect(kept()).toHaveLength(1);
    // the replay looks into the folder from within it; the run goes on in its own folder
    const again = await run('k', { stdout: 'computed again\n', cwdAfter: true });
    expect(again.stdout).toBe(`${first.stdout}\ncwd ${dir}`);
    writeFileSync(many[17]!, `# ${many[17]!}\n`.replace('#', '%'));
    utimesSync(many[17]!, when, when);
    expect(await answeredAsBefore('k', first)).toBe(false);
  });

  it('miss when a file it read is rewritten in place, also where looks go through fs.statSync (--pending-deprecation)', async () => {
    const env = { NODE_PENDING_DEPRECATION: '1' };
    const when = new Date(Date.now() - 100_000);
    utimesSync(file('a.txt'), when, when);
    const first = await run('k', { read: [file('a.txt')], stdout: 'first\n' }, '0', env);
    expect((await run('k', { stdout: 'computed again\n' }, '0', env)).stdout).toBe(first.stdout);
    writeFileSync(file('a.txt'), 'alpho\n');
    utimesSync(file('a.txt'), when, when);
    expect((await run('k', { stdout: 'computed again\n' }, '0', env)).stdout).toBe('computed again');
  });
});

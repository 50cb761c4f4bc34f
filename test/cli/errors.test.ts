import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { copyExample, repoRoot, stkMigrate } from '../helpers/example-project.js';
import { pgAdminUrl } from '../helpers/pg.js';

/** Every command of the CLI, with arguments that get it past its own argument checks. */
const commands: Array<[string, string[]]> = [
  ['context', []],
  ['validate', []],
  ['new', ['a message']],
  ['roundtrip', []],
  ['drift', []],
  ['check', []],
];

const stackTrace = /\n\s+at /;

/** One JSON document on stdout with an `error` object, and the same line on stderr. */
function expectErrorDocument(result: { stdout: string; stderr: string; exitCode?: number }, code: string, message: RegExp): void {
  expect(result.exitCode).toBe(2);
  const document = JSON.parse(result.stdout) as { error: { code: string; message: string } };
  expect(Object.keys(document)).toEqual(['error']);
  expect(document.error.code).toBe(code);
  expect(document.error.message).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toContain(document.error.message);
  expect(result.stderr).not.toMatch(stackTrace);
}

describe('--format json: every outcome is one JSON document on stdout', () => {
  const outside = mkdtempSync(join(tmpdir(), 'stk-migrate-no-project-'));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  for (const [command, args] of commands) {
    it(`${command}: a usage error, and no project here`, async () => {
      expectErrorDocument(await stkMigrate(outside, command, ...args, '--format', 'json', '--no-such-option'), 'usage', /Unknown option '--no-such-option'/);
      expectErrorDocument(await stkMigrate(outside, command, ...args, '--format=json'), 'no-project', /^no Alembic project at, above or below /);
      expectErrorDocument(await stkMigrate(outside, command, ...args, '--format', 'json', '--project', join(outside, 'missing')), 'no-project', /no such folder/);
    });
  }

  it('a value that starts with a dash: says how to write it, not that it is "ambiguous"', async () => {
    expectErrorDocument(await stkMigrate(outside, 'roundtrip', '--timeout', '-1', '--format', 'json'), 'usage', /^--timeout takes a value, and one that starts with '-' is written --timeout=<value> \(see stk-migrate roundtrip --help\)$/);
    expectErrorDocument(await stkMigrate(outside, 'roundtrip', '--timeout=-1', '--format', 'json'), 'usage', /^--timeout must be a number of seconds between 1 and 86400, not '-1'/);
  });

  it('an unknown command asked for JSON', async () => {
    expectErrorDocument(await stkMigrate(outside, 'frobnicate', '--format', 'json'), 'usage', /unknown command 'frobnicate'/);
  });

  it('text stays text: the one line on stderr, nothing on stdout', async () => {
    const result = await stkMigrate(outside, 'validate');
    expect([result.exitCode, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(/^stk-migrate: no Alembic project at, above or below /);
  });
});

describe('unreadable input: exit 2 with the path, never a silent empty result', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  /** A path that cannot be read even by root: a symbolic link to itself. */
  function loop(path: string): void {
    rmSync(path, { recursive: true, force: true });
    symlinkSync(path, path);
  }

  it('a versions folder that cannot be read: validate and context say so, naming it', async () => {
    const versions = join(project.root, 'alembic', 'versions');
    loop(versions);
    const validate = await stkMigrate(project.root, 'validate', '--all');
    expect([validate.exitCode, validate.stdout]).toEqual([2, '']);
    expect(validate.stderr.trim()).toBe(`stk-migrate: cannot read ${versions}: too many symbolic links`);
    expectErrorDocument(await stkMigrate(project.root, 'validate', '--all', '--format', 'json'), 'unreadable', new RegExp(`cannot read ${versions}`));
    // the skill loads the Markdown: one line with the reason, exit 0, so the load goes on
    const context = await stkMigrate(project.root, 'context');
    expect([context.exitCode, context.stdout.trim()]).toEqual([0, `stk-migrate context: cannot read ${versions}: too many symbolic links (the rest of the context is unavailable)`]);
    expectErrorDocument(await stkMigrate(project.root, 'context', '--format', 'json'), 'unreadable', new RegExp(`cannot read ${versions}`));
  });

  for (const [what, path] of [
    ['a model file', ['stkapp', 'user', 'models.py']],
    ['a migration', ['alembic', 'versions', '8ceb393b0b26_add_status_to_post.py']],
  ] as const) {
    it(`${what} that cannot be read: validate names it`, async () => {
      const file = join(project.root, ...path);
      loop(file);
      const validate = await stkMigrate(project.root, 'validate', '--all');
      expect(validate.exitCode).toBe(2);
      expect(validate.stderr.trim()).toBe(`stk-migrate: cannot read ${file}: too many symbolic links`);
    });
  }
});

describe('a PostgreSQL server that cannot be reached or refuses the role', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  const servers: Array<[string, string, RegExp]> = [
    ['nothing listens on the port', 'postgresql://stk_migrate:s3cret-pw@127.0.0.1:1/app', /cannot reach the PostgreSQL server postgresql:\/\/stk_migrate:\*\*\*@127\.0\.0\.1:1\/: connect ECONNREFUSED/],
    ['the password is wrong', `postgresql://stk_migrate:s3cret-pw@${new URL(pgAdminUrl).host}/app`, /cannot reach the PostgreSQL server .*: password authentication failed/],
  ];

  for (const [why, url, message] of servers) {
    for (const command of ['roundtrip', 'drift']) {
      it(`${command} when ${why}: one line, exit 2, no clean-up of a database it never created, no password`, async () => {
        const text = await stkMigrate(project.root, command, '--database-url', url);
        expect(text.exitCode).toBe(2);
        expect(text.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
        expect(text.stderr).not.toContain('could not clean up');
        expect(text.stdout + text.stderr).not.toContain('s3cret-pw');
        expectErrorDocument(await stkMigrate(project.root, command, '--database-url', url, '--format', 'json'), 'database', message);
      });
    }
  }
});

/** 150 copies of the example's head under new revisions: enough findings for more output than a pipe holds. */
function withManyFindings(root: string): void {
  const head = readFileSync(join(root, 'alembic', 'versions', '8ceb393b0b26_add_status_to_post.py'), 'utf8');
  for (let index = 0; index < 150; index++) {
    const revision = `e${index.toString(16).padStart(11, '0')}`;
    writeFileSync(join(root, 'alembic', 'versions', `${revision}_copy.py`), head.replaceAll('8ceb393b0b26', revision));
  }
}

describe('a reader that goes away (stk-migrate validate | head)', () => {
  it('ends quietly, with no stack trace for the closed pipe', async () => {
    const project = copyExample();
    try {
      withManyFindings(project.root);
      const producer = execa('node', [join(repoRoot, 'dist', 'cli.cjs'), 'validate', '--all', '--format', 'json', '--no-squawk'], { cwd: project.root, reject: false });
      const reader = producer.pipe('head', ['-c', '100'], { reject: false });
      const [written, read] = await Promise.all([producer, reader]);
      expect(read.stdout).toHaveLength(100);
      expect(written.stderr).toBe('');
      expect(written.exitCode).toBe(1);
    } finally {
      project.cleanup();
    }
  });

  it('a slow reader gets every byte: output larger than a pipe holds waits for it (the output is written with write(2), not a stream)', async () => {
    const project = copyExample();
    try {
      withManyFindings(project.root);
      const argv = [join(repoRoot, 'dist', 'cli.cjs'), 'validate', '--all', '--format', 'json', '--no-squawk'];
      const whole = await execa('node', argv, { cwd: project.root, reject: false });
      expect(whole.stdout.length).toBeGreaterThan(65_536);
      // the reader pauses after every chunk, so the pipe fills and the writer must wait for it
      const slow = await new Promise<{ text: string; code: number | null }>((resolve, reject) => {
        const child = spawn('node', argv, { cwd: project.root, stdio: ['ignore', 'pipe', 'ignore'] });
        const chunks: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          child.stdout.pause();
          setTimeout(() => child.stdout.resume(), 2);
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ text: Buffer.concat(chunks).toString('utf8'), code }));
      });
      expect(slow.code).toBe(1);
      expect(slow.text).toBe(`${whole.stdout}\n`);
    } finally {
      project.cleanup();
    }
  });
});

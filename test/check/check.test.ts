import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOnPath } from '../../scripts/lib/discover/runner.js';
import { CheckReportSchema } from '../../scripts/lib/checks/schema.js';
import { alembic, copyExample, stkMigrate } from '../helpers/example-project.js';
import { sqliteExec } from '../helpers/python.js';

const head = 'alembic/versions/4e7d1c9a2b6f_add_activity_table.py';

/** A stand-in ruff in the project's venv: logs its arguments, fails `ruff check`, passes `ruff format --check`. */
function fakeRuff(root: string, script: string): string {
  const log = join(root, 'ruff-args.log');
  mkdirSync(join(root, '.venv', 'bin'), { recursive: true });
  const file = join(root, '.venv', 'bin', 'ruff');
  writeFileSync(file, `#!/bin/sh\necho "$@" >> '${log}'\n${script}\n`);
  chmodSync(file, 0o755);
  return log;
}

/** Declares an `stk` script in pyproject.toml whose click group has (or lacks) `verify`. */
function stkScript(root: string, verify: string | undefined): void {
  const pyproject = join(root, 'pyproject.toml');
  writeFileSync(pyproject, `${readFileSync(pyproject, 'utf8')}\n[project.scripts]\nstk = "stkapp.stkcli:main"\n`);
  const command = verify === undefined ? '' : `\n\n@main.command()\ndef verify():\n    ${verify}\n`;
  writeFileSync(join(root, 'stkapp', 'stkcli.py'), `import sys\n\nimport click\n\n\n@click.group()\ndef main():\n    pass${command}`);
}

describe('stk-migrate check on examples/stk-app', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  it('passes checks.py at head, and reports each missing tool as one line', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const result = await stkMigrate(project.root, 'check');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✓ checks\.py \(\d+(\.\d)? s\)$/);
    expect(lines).toContain('– stk verify: no stk script in pyproject.toml, skipped');
    if (findOnPath('ruff').length === 0) {
      expect(lines).toContain('– ruff: not installed, skipped');
      expect(lines.at(-1)).toBe('1 passed, 0 failed, 2 skipped');
    } else {
      expect(lines.some((line) => line.includes('ruff check'))).toBe(true);
    }
  });

  it('reports a failing checks.py (database not migrated to head) as ✗ with the end of its output, and exits 1', async () => {
    await alembic(project.root, 'upgrade', 'cf21a28f0a85');
    const result = await stkMigrate(project.root, 'check');
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✗ checks\.py: exit 1 \(/);
    expect(lines).toContain('    ✗ database is at head: current=[\'cf21a28f0a85\'] head=[\'4e7d1c9a2b6f\']');
    expect(lines.at(-1)).toMatch(/^0 passed, 1 failed, \d skipped$/);

    const json = await stkMigrate(project.root, 'check', '--format', 'json');
    expect(json.exitCode).toBe(1);
    const report = CheckReportSchema.parse(JSON.parse(json.stdout));
    const checks = report.checks.find((check) => check.name === 'checks.py');
    expect(checks).toMatchObject({ status: 'failed', exitCode: 1, detail: 'exit 1' });
    expect(checks?.command?.at(-1)).toBe('checks.py');
    expect(checks?.output.at(-1)).toMatch(/checks passed$/);
  });

  it("runs the venv's ruff on the head migration (or the given files) and reports each result", async () => {
    await alembic(project.root, 'upgrade', 'head');
    const log = fakeRuff(project.root, 'if [ "$1" = check ]; then echo "E501 line too long"; echo "Found 1 error."; exit 1; fi');
    const result = await stkMigrate(project.root, 'check');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✗ ruff check: exit 1');
    expect(result.stdout).toContain('    E501 line too long\n    Found 1 error.\n');
    expect(result.stdout).toMatch(/^✓ ruff format --check \(/m);
    expect(readFileSync(log, 'utf8')).toBe(`check ${head}\nformat --check ${head}\n`);

    const given = await stkMigrate(join(project.root, 'alembic'), 'check', 'env.py', '--format', 'json');
    const report = CheckReportSchema.parse(JSON.parse(given.stdout));
    expect(report.checks.map((check) => `${check.name} ${check.status}`)).toEqual(['checks.py passed', 'stk verify skipped', 'ruff check failed', 'ruff format --check passed']);
    expect(readFileSync(log, 'utf8').split('\n').slice(2, 4)).toEqual(['check alembic/env.py', 'format --check alembic/env.py']);
  });

  it('stops a check at --timeout and reports it as failed', async () => {
    await alembic(project.root, 'upgrade', 'head');
    fakeRuff(project.root, 'exec sleep 30');
    const started = Date.now();
    const result = await stkMigrate(project.root, 'check', '--timeout', '1');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✗ ruff check: timed out after 1 s');
    expect(result.stdout).toContain('✗ ruff format --check: timed out after 1 s');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('runs `stk verify` through the stk script when the CLI has it, and skips it when it does not', async () => {
    await alembic(project.root, 'upgrade', 'head');
    stkScript(project.root, 'print("verify: 3 problems"); sys.exit(1)');
    const failing = await stkMigrate(project.root, 'check');
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain('✗ stk verify: exit 1');
    expect(failing.stdout).toContain('    verify: 3 problems\n');

    project.cleanup();
    project = copyExample();
    await alembic(project.root, 'upgrade', 'head');
    stkScript(project.root, undefined);
    const older = await stkMigrate(project.root, 'check');
    expect(older.stdout).toContain('– stk verify: this stk has no verify command, skipped');
    expect(older.exitCode).toBe(0);
  });

  it('rejects a file that does not exist with one line and exit 2', async () => {
    const result = await stkMigrate(project.root, 'check', 'nope.py');
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('stk-migrate: nope.py: no such file (stk-migrate check [files...])');
  });

  it("says that the project's own code ran, which may touch its database (a WAL-mode SQLite database gets its -shm file updated)", async () => {
    await alembic(project.root, 'upgrade', 'head');
    await sqliteExec(join(project.root, 'instance', 'stk.db'), 'PRAGMA journal_mode=WAL;');
    const result = await stkMigrate(project.root, 'check');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe("note: checks.py ran the project's own code, which may open the project's database (SQLite in WAL mode updates its -shm file even to read); stk-migrate itself only reads it");
    expect(lines.at(-1)).toMatch(/^1 passed, 0 failed, \d skipped$/);
    const json = CheckReportSchema.parse(JSON.parse((await stkMigrate(project.root, 'check', '--format', 'json')).stdout));
    expect(json.notes).toEqual([expect.stringContaining("checks.py ran the project's own code")]);
  });

  it('has no such note when no check ran project code', async () => {
    rmSync(join(project.root, 'checks.py'));
    const json = CheckReportSchema.parse(JSON.parse((await stkMigrate(project.root, 'check', '--format', 'json')).stdout));
    expect(json.checks.find((check) => check.name === 'checks.py')?.status).toBe('skipped');
    expect(json.notes).toEqual([]);
  });
});

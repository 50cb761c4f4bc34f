import { symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/lib/cli/command.js';
import { cliArgv, detectRunner, findOnPath, resolvePython } from '../../scripts/lib/discover/runner.js';
import type { Runner } from '../../scripts/lib/discover/types.js';
import { discoverIn, emptyPath } from '../helpers/discover.js';
import { systemPython } from '../helpers/python.js';
import { isolateParseCache, restoreEnv, useTempDirs, writeExecutable, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

/** A folder holding a fake `uv` executable, to put on PATH. */
function pathWithUv(): string {
  const bin = tempDir('bin');
  writeExecutable(bin, 'uv', 'echo "uv 0.0.0 (fake)"');
  return bin;
}

describe('findOnPath', () => {
  it('lists executables in PATH order, skipping non-executables, empty entries and the same file twice', () => {
    const first = tempDir('path1');
    const second = tempDir('path2');
    const third = tempDir('path3');
    writeExecutable(first, 'tool');
    writeExecutable(second, 'tool');
    writeFiles(third, { tool: 'not executable' });
    const alias = tempDir('path4');
    symlinkSync(join(first, 'tool'), join(alias, 'tool'));
    const path = ['', third, first, alias, second].join(delimiter);
    expect(findOnPath('tool', path)).toEqual([join(first, 'tool'), join(second, 'tool')]);
    expect(findOnPath('missing-tool', path)).toEqual([]);
  });
});

describe('detectRunner', () => {
  it('is `uv run` when uv is on PATH and the project has uv.lock', () => {
    const root = writeFiles(tempDir('uv'), { 'alembic.ini': '[alembic]\n', 'uv.lock': 'version = 1\n' });
    expect(detectRunner(root, {}, pathWithUv())).toEqual({ kind: 'uv', python: ['uv', 'run', 'python'], label: 'uv run' });
  });

  it('is `uv run` when uv is on PATH and the project has a pyproject.toml', () => {
    const root = writeFiles(tempDir('uvpy'), { 'pyproject.toml': '[project]\nname = "x"\n' });
    expect(detectRunner(root, {}, `${emptyPath}${delimiter}${pathWithUv()}`).kind).toBe('uv');
  });

  it('is not uv when uv is missing, even with uv.lock', () => {
    const root = writeFiles(tempDir('nouv'), { 'uv.lock': '', 'pyproject.toml': '' });
    expect(detectRunner(root, {}, emptyPath)).toEqual({ kind: 'python', python: ['python3'], label: 'python3' });
  });

  it('is not uv for a project that is no uv project (alembic.ini only), even with uv installed', () => {
    const root = writeFiles(tempDir('notuvproject'), { 'alembic.ini': '[alembic]\n' });
    expect(detectRunner(root, {}, pathWithUv()).kind).toBe('python');
  });

  it('is the project venv when .venv/bin/python exists and uv does not', () => {
    const root = writeFiles(tempDir('venv'), { 'pyproject.toml': '' });
    writeFiles(root, { '.venv/pyvenv.cfg': 'home = /usr/bin\n' });
    writeExecutable(join(root, '.venv', 'bin'), 'python', `exec ${systemPython} "$@"`);
    expect(detectRunner(root, {}, emptyPath)).toEqual({ kind: 'venv', python: [join(root, '.venv', 'bin', 'python')], label: '.venv/bin/python' });
  });

  it('finds a venv called venv/ too', () => {
    const root = writeFiles(tempDir('venv2'), { 'venv/bin/python': '' });
    expect(detectRunner(root, {}, emptyPath)).toMatchObject({ kind: 'venv', python: [join(root, 'venv', 'bin', 'python')] });
  });

  it('prefers uv over a venv when both are there', () => {
    const root = writeFiles(tempDir('both'), { 'uv.lock': '', '.venv/bin/python': '' });
    expect(detectRunner(root, {}, pathWithUv()).kind).toBe('uv');
  });

  it('follows the runner of the config over what it detects', () => {
    const root = writeFiles(tempDir('override'), { 'uv.lock': '', '.venv/bin/python': '' });
    const path = pathWithUv();
    expect(detectRunner(root, { runner: 'python' }, path)).toEqual({ kind: 'python', python: ['python3'], label: 'python3' });
    expect(detectRunner(root, { runner: 'venv' }, path).kind).toBe('venv');
    expect(detectRunner(root, { runner: 'python', python: '/opt/py/bin/python3.12' }, path)).toEqual({
      kind: 'python',
      python: ['/opt/py/bin/python3.12'],
      label: '/opt/py/bin/python3.12',
    });
    expect(detectRunner(root, { runner: 'venv', python: 'env/bin/python' }, path).python).toEqual([join(root, 'env', 'bin', 'python')]);
    expect(detectRunner(root, { runner: 'uv' }, emptyPath).kind).toBe('uv');
  });

  it('is what discoverProject reports, from the env PATH it is given and the config file', async () => {
    const root = writeFiles(tempDir('discover'), { 'pyproject.toml': '[project]\nname = "x"\n', 'alembic/env.py': '', 'uv.lock': '' });
    expect((await discoverIn(root, { env: { PATH: pathWithUv() } })).runner.kind).toBe('uv');
    expect((await discoverIn(root)).runner.kind).toBe('python');
    writeFiles(root, { 'pyproject.toml': '[project]\nname = "x"\n\n[tool.stk-migrate]\nrunner = "venv"\n' });
    expect((await discoverIn(root, { env: { PATH: pathWithUv() } })).runner.kind).toBe('venv');
  });
});

describe('resolvePython', () => {
  const savedPath = process.env.PATH;
  afterEach(() => restoreEnv('PATH', savedPath));

  it('returns the runner command unchanged for uv and venv, and the configured python', async () => {
    const root = tempDir('rp');
    const uv: Runner = { kind: 'uv', python: ['uv', 'run', 'python'], label: 'uv run' };
    expect(await resolvePython(root, uv, {})).toEqual(['uv', 'run', 'python']);
    const plain: Runner = { kind: 'python', python: ['/somewhere/python3'], label: '/somewhere/python3' };
    expect(await resolvePython(root, plain, { python: '/somewhere/python3' })).toEqual(['/somewhere/python3']);
  });

  it('skips a python3 that cannot import alembic and takes the next one on PATH', async () => {
    const broken = tempDir('broken');
    writeExecutable(broken, 'python3', 'exit 1');
    const working = tempDir('working');
    writeExecutable(working, 'python3', 'case "$2" in *alembic*) exit 0;; esac; exit 3');
    process.env.PATH = [broken, working].join(delimiter);
    const root = tempDir('rp-order');
    expect(await resolvePython(root, detectRunner(root, {}, emptyPath), {})).toEqual([join(working, 'python3')]);
  });

  it('throws a UsageError that says what to configure when no python can import alembic', async () => {
    const broken = tempDir('broken2');
    writeExecutable(broken, 'python3', 'exit 1');
    writeExecutable(broken, 'python', 'exit 1');
    process.env.PATH = broken;
    const root = tempDir('rp-none');
    const error = await resolvePython(root, detectRunner(root, {}, emptyPath), {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/tried 2/);
    expect((error as Error).message).toContain('python = "<path>"');
  });

  it('finds a real interpreter with alembic on this machine', async () => {
    const root = tempDir('rp-real');
    const [python] = await resolvePython(root, detectRunner(root, {}, emptyPath), {});
    const probe = await execa(python!, ['-c', 'import alembic, sqlalchemy'], { reject: false });
    expect(probe.exitCode).toBe(0);
  });
});

describe('cliArgv', () => {
  const python: Runner = { kind: 'python', python: ['/usr/bin/python3'], label: 'python3' };
  const uv: Runner = { kind: 'uv', python: ['uv', 'run', 'python'], label: 'uv run' };

  it('runs alembic as a module of the project python', () => {
    expect(cliArgv({ kind: 'alembic', label: 'alembic' }, python, ['/usr/bin/python3'], undefined)).toEqual(['/usr/bin/python3', '-m', 'alembic']);
    expect(cliArgv({ kind: 'alembic', label: 'alembic' }, uv, ['uv', 'run', 'python'], undefined)).toEqual(['uv', 'run', 'python', '-m', 'alembic']);
  });

  it('runs `uv run stk db` and `uv run quart db` under uv', () => {
    expect(cliArgv({ kind: 'stk', label: 'stk db' }, uv, uv.python, 'acme.cli.main:main')).toEqual(['uv', 'run', 'stk', 'db']);
    expect(cliArgv({ kind: 'quart', label: 'quart db' }, uv, uv.python, undefined)).toEqual(['uv', 'run', 'quart', 'db']);
  });

  it('runs quart as a module without uv', () => {
    expect(cliArgv({ kind: 'quart', label: 'quart db' }, python, ['/p/python'], undefined)).toEqual(['/p/python', '-m', 'quart', 'db']);
  });

  it('calls the stk entry point without uv, with argv[0] = stk and the db group', async () => {
    const root = writeFiles(tempDir('stkentry'), {
      'acme/__init__.py': '',
      'acme/cli/__init__.py': '',
      'acme/cli/main.py': 'import sys\n\ndef main():\n    print("argv=" + " ".join(sys.argv))\n    return 7\n',
    });
    const argv = cliArgv({ kind: 'stk', label: 'stk db' }, python, [systemPython], 'acme.cli.main:main');
    const result = await execa(argv[0]!, [...argv.slice(1), 'current'], { cwd: root, reject: false });
    expect(result.stdout).toBe('argv=stk db current');
    expect(result.exitCode).toBe(7);
  });

  it('rejects an stk entry that is not module:function, naming it', () => {
    for (const entry of ['acme.cli.main', 'acme; import os:main', 'acme:main()']) {
      expect(() => cliArgv({ kind: 'stk', label: 'stk db' }, python, ['/usr/bin/python3'], entry)).toThrow(UsageError);
      expect(() => cliArgv({ kind: 'stk', label: 'stk db' }, python, ['/usr/bin/python3'], entry)).toThrow(entry);
    }
  });
});

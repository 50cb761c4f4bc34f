import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join, relative, sep } from 'node:path';
import { UsageError } from '../cli/command.js';
import type { ProjectConfig } from './config.js';
import type { Cli, Project, Runner } from './types.js';

/** Every executable called `name` on PATH, in PATH order, without repeats of the same file. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      const real = realpathSync(candidate);
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(candidate);
    } catch {
      // not here
    }
  }
  return found;
}

const venvPythons = ['.venv/bin/python', 'venv/bin/python'];

/** `uv run` when uv is installed and the project is a uv project; else the project's venv; else a system python. */
export function detectRunner(root: string, config: ProjectConfig, path = process.env.PATH): Runner {
  const uvProject = existsSync(join(root, 'uv.lock')) || existsSync(join(root, 'pyproject.toml'));
  const kind = config.runner ?? (uvProject && findOnPath('uv', path).length > 0 ? 'uv' : venvPythons.some((venv) => existsSync(join(root, venv))) ? 'venv' : 'python');
  if (kind === 'uv') return { kind, python: ['uv', 'run', 'python'], label: 'uv run' };
  if (kind === 'venv') {
    const venv = config.python ?? venvPythons.find((candidate) => existsSync(join(root, candidate))) ?? venvPythons[0]!;
    return { kind, python: [venv.startsWith('/') ? venv : join(root, venv)], label: venv };
  }
  return { kind, python: [config.python ?? 'python3'], label: config.python ?? 'python3' };
}

const resolved = new Map<string, string[]>();

/**
 * The command that runs the project's Python. For a system python, the first `python3` on PATH that
 * can import alembic: machines often have several, and only one of them holds the project's packages.
 */
export async function resolvePython(root: string, runner: Runner, config: ProjectConfig): Promise<string[]> {
  if (runner.kind !== 'python' || config.python) return runner.python;
  const cached = resolved.get(root);
  if (cached) return cached;
  const candidates = [...findOnPath('python3'), ...findOnPath('python')];
  for (const candidate of candidates) {
    const { execa } = await import('execa');
    const probe = await execa(candidate, ['-c', 'import alembic, sqlalchemy'], { cwd: root, reject: false, timeout: 20_000 });
    if (probe.exitCode === 0) {
      resolved.set(root, [candidate]);
      return [candidate];
    }
  }
  throw new UsageError(
    `no Python on PATH can import alembic and sqlalchemy (tried ${candidates.length}); set python = "<path>" in [tool.stk-migrate] of pyproject.toml or install them`,
  );
}

/** The argv that runs the project's command line itself (`stk`, `quart`, `flask`), before any subcommand. */
export function frameworkCliArgv(kind: 'stk' | 'quart' | 'flask', runner: Runner, python: string[], stkEntry: string | undefined): string[] {
  if (runner.kind === 'uv') return ['uv', 'run', kind];
  if (kind === 'quart' || kind === 'flask') return [...python, '-m', kind];
  const [module, func] = (stkEntry ?? 'stk.cli.main:main').split(':');
  if (!module || !func || !/^[A-Za-z_][\w.]*$/.test(module) || !/^[A-Za-z_][\w.]*$/.test(func)) {
    throw new UsageError(`pyproject.toml: the stk script entry '${stkEntry}' is not of the form package.module:function`);
  }
  return [...python, '-c', `import sys; sys.argv[0] = "stk"; from ${module} import ${func.split('.')[0]}; sys.exit(${func}())`];
}

/** The argv that runs the project's migration CLI, e.g. ['uv', 'run', 'quart', 'db'] or [python, '-m', 'alembic']. */
export function cliArgv(cli: Cli, runner: Runner, python: string[], stkEntry: string | undefined): string[] {
  if (cli.kind === 'alembic') return [...python, '-m', 'alembic'];
  return [...frameworkCliArgv(cli.kind, runner, python, stkEntry), 'db'];
}

type CommandProject = Pick<Project, 'root' | 'cli' | 'runner' | 'stkEntry' | 'alembicIni' | 'alembicSection' | 'scriptLocation'>;

/**
 * The whole argv of one migration command (`words`: `current`, `upgrade head`, ...) in the project's own CLI,
 * with what it needs to find the environment: `-c <ini>` and `-n <section>` for Alembic when they are not
 * its defaults, `--directory <folder>` for Flask-Migrate when the folder is not `migrations`.
 */
export function migrationCommand(project: CommandProject, python: string[], words: string[]): string[] {
  const base = cliArgv(project.cli, project.runner, python, project.stkEntry);
  if (project.cli.kind === 'alembic') {
    const ini = project.alembicIni && project.alembicIni !== join(project.root, 'alembic.ini') ? ['-c', project.alembicIni] : [];
    const section = project.alembicSection !== 'alembic' ? ['-n', project.alembicSection] : [];
    return [...base, ...ini, ...section, ...words];
  }
  if (project.cli.kind === 'flask') {
    const folder = relative(project.root, project.scriptLocation).split(sep).join('/');
    const [command, ...rest] = words;
    return folder === 'migrations' || !command ? [...base, ...words] : [...base, command, '--directory', folder, ...rest];
  }
  return [...base, ...words];
}

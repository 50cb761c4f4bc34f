import type { ProjectConfig } from './config.js';

export type Dialect = 'sqlite' | 'postgresql' | 'mysql' | 'other';

export interface DatabaseUrl {
  /** The URL as configured, password included: never print it, print `masked`. */
  url: string;
  masked: string;
  dialect: Dialect;
  /** Where it came from: `--database-url`, `SQLALCHEMY_DATABASE_URI`, `.env`, `config`, `alembic.ini`. */
  source: string;
}

/** How Python code runs in the project: `uv run python`, the venv's python, or a system python. */
export interface Runner {
  kind: 'uv' | 'venv' | 'python';
  /** The executable and its leading arguments for running `python`, e.g. ['uv', 'run', 'python']. */
  python: string[];
  /** Human description, e.g. "uv run", ".venv/bin/python", "python3". */
  label: string;
}

/** The project's migration command line: stk's CLI, Quart's `db` group, or Alembic itself. */
export interface Cli {
  kind: 'stk' | 'quart' | 'alembic';
  /** Shown to people: "stk db", "quart db", "alembic". */
  label: string;
}

export interface Project {
  /** Absolute path of the project root. */
  root: string;
  config: ProjectConfig;
  /** Absolute path of alembic.ini, when there is one. */
  alembicIni: string | undefined;
  /** Absolute path of Alembic's script_location. */
  scriptLocation: string;
  /** Absolute paths of the folders holding revision files. */
  versionDirs: string[];
  /** The application package (a folder name under the root), when one was found. */
  appPackage: string | undefined;
  /** Glob patterns, relative to the root, of the files that declare models. */
  modelGlobs: string[];
  database: DatabaseUrl | undefined;
  runner: Runner;
  cli: Cli;
  /** `module:function` of pyproject's `stk` script, when the project declares one. */
  stkEntry: string | undefined;
}

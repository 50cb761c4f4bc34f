import type { ProjectConfig } from './config.js';

export type Dialect = 'sqlite' | 'postgresql' | 'mysql' | 'other';

export interface DatabaseUrl {
  /** The URL as configured, password included: never print it, print `masked`. */
  url: string;
  masked: string;
  dialect: Dialect;
  /** Where it came from: `--database-url`, `SQLALCHEMY_DATABASE_URI`, `.env`, `config`, a settings module, `alembic.ini`. */
  source: string;
  /**
   * Where a relative SQLite path may point, most likely first: the project root (SQLAlchemy resolves against the
   * working directory), or the app's instance folder first when Flask-SQLAlchemy reads the URL.
   */
  sqliteBases?: string[];
}

/** How Python code runs in the project: `uv run python`, the venv's python, or a system python. */
export interface Runner {
  kind: 'uv' | 'venv' | 'python';
  /** The executable and its leading arguments for running `python`, e.g. ['uv', 'run', 'python']. */
  python: string[];
  /** Human description, e.g. "uv run", ".venv/bin/python", "python3". */
  label: string;
}

/** The project's migration command line: stk's CLI, Quart's or Flask's `db` group (Flask-Migrate's included), or Alembic itself. */
export interface Cli {
  kind: 'stk' | 'quart' | 'flask' | 'alembic';
  /** Shown to people: "stk db", "quart db", "flask db", "alembic". */
  label: string;
}

/**
 * How Alembic is configured: an alembic.ini (anywhere in the project), Flask-Migrate's `migrations/`
 * (alembic.ini and env.py side by side, the folder given to Alembic by `flask db`), `[tool.alembic]` of
 * pyproject.toml, or only a folder with env.py beside pyproject.toml.
 */
export type AlembicLayoutKind = 'alembic.ini' | 'flask-migrate' | 'pyproject' | 'folder';

/** Where the model files are: the globs of the config (they win), or the folders searched for files that declare tables. */
export type ModelSource = { kind: 'config'; globs: string[] } | { kind: 'search'; folders: string[]; files: string[] };

/** What env.py shows without running it. */
export interface EnvFacts {
  /** The env.py file, when there is one. */
  file: string | undefined;
  /** It reads Flask's `current_app` (Flask-Migrate's template): it runs only inside the app's context. */
  needsFlaskApp: boolean;
  /** It takes the URL from somewhere other than alembic.ini alone (the app, its settings, the environment). */
  urlFromApp: boolean;
  /** Whose MetaData it migrates (`target_metadata = Base.metadata` -> `Base`), null when not written that way. */
  metadataOwners: string[] | null;
}

export interface Project {
  /** Absolute path of the project root. */
  root: string;
  config: ProjectConfig;
  layout: AlembicLayoutKind;
  /** Absolute path of alembic.ini, when there is one. */
  alembicIni: string | undefined;
  /** The section of alembic.ini in use (`--name`, Alembic's `-n`): `alembic` by default. */
  alembicSection: string;
  /** Every section of alembic.ini that configures an environment (one for projects with a single environment). */
  alembicSections: string[];
  /** Absolute path of Alembic's script_location. */
  scriptLocation: string;
  /** Absolute paths of the folders holding revision files. */
  versionDirs: string[];
  /** `recursive_version_locations`: revision files in subfolders of the versions folders count too. */
  recursiveVersions: boolean;
  /** The application package, relative to the root (`shop` or `src/shop`), when one was found. */
  appPackage: string | undefined;
  models: ModelSource;
  env: EnvFacts;
  database: DatabaseUrl | undefined;
  /** Why no database URL was found, in one line (`no database configured: ...`). */
  noDatabaseReason: string | undefined;
  /** Environment variables the app's settings read the database URL from (a throwaway run sets them too). */
  databaseVariables: string[];
  runner: Runner;
  cli: Cli;
  /** `module:function` of pyproject's `stk` script, when the project declares one. */
  stkEntry: string | undefined;
}

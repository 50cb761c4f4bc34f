import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../cli/command.js';
import { UnreadableError } from '../cli/errors.js';
import { ParseCache } from '../cache/parse-cache.js';
import { locateAlembic, locateUpwards, locationForIni, readAlembicLayout, type AlembicLayout, type AlembicLocation } from './alembic-config.js';
import type { CliFacts } from './cli-group.js';
import { readConfig, type ProjectConfig } from './config.js';
import { parseDotenv } from './dotenv.js';
import type { EnvPyFacts } from './env-py.js';
import { candidatePackages, findAppPackage, pythonFiles, rootPythonFiles } from './packages.js';
import { detectRunner } from './runner.js';
import { limits } from '../parse/limits.js';
import { evaluateRecipe, recipeVariables, type SettingsUrl } from './recipe.js';
import type { Cli, DatabaseUrl, EnvFacts, ModelSource, Project } from './types.js';
import { dialectOf, isPlaceholderUrl, maskUrl } from './url.js';

export interface DiscoverOptions {
  /** `--project`: a folder inside the project; default the working directory. */
  project?: string | undefined;
  /** `--config`: the alembic.ini to use (Alembic's `-c`), relative to the working directory. */
  config?: string | undefined;
  /** `--name`: the section of alembic.ini to use (Alembic's `-n`). */
  name?: string | undefined;
  /** `--database-url`, which wins over every other source. */
  databaseUrl?: string | undefined;
  /**
   * A file the caller works on (the hook's, the first one `validate` or `lint` is given): with several environments in
   * alembic.ini, the one holding it; without `--project` or `--config`, the project is looked for from its folder.
   */
  forFile?: string | undefined;
  /**
   * For a command that runs no migration (lint): with several environments in alembic.ini and no `--name`,
   * any will do instead of asking for one, and every environment's migrations are the project's.
   */
  anyEnvironment?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The project root at or above `start`, without searching below it (what the hook needs for a file it was given). */
export function findRoot(start: string): string | undefined {
  return locateUpwards(start)?.root;
}

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The config's `alembicIni`, relative to the root the config was found in. */
function configuredIni(root: string, alembicIni: string): AlembicLocation {
  const ini = resolve(root, alembicIni);
  if (!existsSync(ini)) throw new UsageError(`alembicIni '${alembicIni}' from the stk-migrate config does not exist`);
  return { ...locationForIni(ini, [root]), root };
}

const noEnvFacts: EnvPyFacts = { needsFlaskApp: false, urlFromApp: false, imports: [], metadataOwners: null };

/** env.py's static facts, parsed once per version of the file. */
async function readEnv(root: string, scriptLocation: string): Promise<EnvFacts & { imports: string[] }> {
  const file = join(scriptLocation, 'env.py');
  if (!existsSync(file)) return { file: undefined, ...noEnvFacts };
  const shown = relative(root, file).split(sep).join('/');
  const cache = new ParseCache<EnvPyFacts>(root, 'env-py-2');
  const facts = await cache.get(shown, file, async (bytes) => (await import('./env-py.js')).readEnvPy(bytes.toString('utf8')));
  cache.save([shown]);
  return { file, ...facts };
}

/** Markers of the modules that decide the CLI: a click group, Flask-Migrate, Flask-SQLAlchemy. */
const cliMarkers = ['group', 'Group', 'flask_migrate', 'flask_sqlalchemy'];

interface ProjectCliFacts {
  /** The framework of the module declaring a `db` group (`unknown` when it imports none), undefined without one. */
  dbGroup: 'quart' | 'flask' | 'unknown' | undefined;
  flaskMigrate: boolean;
  flaskSqlalchemy: boolean;
}

/** What the application's modules say about its command line; each module is parsed once per version (cached). */
async function readProjectCli(root: string, files: string[]): Promise<ProjectCliFacts> {
  const cache = new ParseCache<(CliFacts & { flaskSqlalchemy: boolean }) | null>(root, 'cli-facts-1');
  const facts: ProjectCliFacts = { dbGroup: undefined, flaskMigrate: false, flaskSqlalchemy: false };
  for (const file of files) {
    const found = await hintOf(cache, file, join(root, file), async (bytes) => {
      // a file past the parser's size limit is data, not the CLI
      if (bytes.length > limits.bytes || !cliMarkers.some((marker) => bytes.includes(marker))) return null;
      const read = await (await import('./cli-group.js')).readCliFacts(bytes.toString('utf8'));
      return { ...read, flaskSqlalchemy: bytes.includes('flask_sqlalchemy') };
    });
    if (!found) continue;
    if (found.dbGroup && facts.dbGroup === undefined) facts.dbGroup = found.framework ?? 'unknown';
    facts.flaskMigrate ||= found.flaskMigrate;
    facts.flaskSqlalchemy ||= found.flaskSqlalchemy;
  }
  cache.save(files);
  return facts;
}

/**
 * Discovery reads the app's modules for hints only (settings, the CLI): a module that cannot be read
 * gives none, and the command that needs it (the model loader, lint) names it.
 */
async function hintOf<T>(cache: ParseCache<T>, file: string, absolute: string, parse: (bytes: Buffer) => Promise<T>): Promise<T | undefined> {
  try {
    return await cache.get(file, absolute, parse);
  } catch (error) {
    if (error instanceof UnreadableError) return undefined;
    throw error;
  }
}

function readHint(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** A `db` group in a module that imports no framework: the framework the rest of the application imports. */
function frameworkOfProject(root: string, files: string[]): 'quart' | 'flask' {
  let flask = false;
  for (const file of files) {
    const bytes = readHint(join(root, file));
    if (!bytes) continue;
    if (bytes.includes('quart')) return 'quart';
    flask ||= bytes.includes('flask');
  }
  return flask ? 'flask' : 'quart';
}

function detectCli(root: string, config: ProjectConfig, pyproject: Record<string, unknown> | undefined, layout: AlembicLayout, facts: ProjectCliFacts, files: string[]): Cli {
  const scripts = table(table(pyproject?.project).scripts);
  let kind: Cli['kind'];
  if (config.cli) kind = config.cli;
  else if (typeof scripts.stk === 'string') kind = 'stk';
  else if (facts.dbGroup !== undefined) kind = facts.dbGroup === 'unknown' ? frameworkOfProject(root, files) : facts.dbGroup;
  else if (layout.kind === 'flask-migrate' || facts.flaskMigrate) kind = 'flask';
  else kind = 'alembic';
  return { kind, label: kind === 'alembic' ? 'alembic' : `${kind} db` };
}

/** Where the models are: the config's globs win; else every Python file of the app package (of every package when none stands out). */
function modelSource(root: string, config: ProjectConfig, pkg: string | undefined): ModelSource {
  if (config.models) return { kind: 'config', globs: config.models };
  if (pkg) return { kind: 'search', folders: [pkg], files: [] };
  return { kind: 'search', folders: candidatePackages(root), files: rootPythonFiles(root) };
}

const settingsMarker = 'SQLALCHEMY_DATABASE_URI';

/** `SQLALCHEMY_DATABASE_URI` wherever the application sets it, parsed once per version of each file (cached). */
async function readSettings(root: string, files: string[]): Promise<Array<SettingsUrl & { file: string }>> {
  const cache = new ParseCache<SettingsUrl[] | null>(root, 'settings-1');
  const found: Array<SettingsUrl & { file: string }> = [];
  for (const file of files) {
    const urls = await hintOf(cache, file, join(root, file), async (bytes) => {
      // a file past the parser's size limit is data, not settings
      if (bytes.length > limits.bytes || !bytes.includes(settingsMarker)) return null;
      return (await import('./settings.js')).readSettingsUrls(bytes.toString('utf8'), join(root, file));
    });
    for (const url of urls ?? []) found.push({ ...url, file });
  }
  cache.save(files);
  return found;
}

function readDotenv(root: string, name: string): Map<string, string> | undefined {
  const path = join(root, name);
  return existsSync(path) ? parseDotenv(readFileSync(path, 'utf8')) : undefined;
}

interface DatabaseDiscovery {
  database: DatabaseUrl | undefined;
  /** Why there is none, in one line. */
  missing: string | undefined;
  /** Environment variables the app's settings read the URL from. */
  variables: string[];
}

interface DatabaseInputs {
  root: string;
  config: ProjectConfig;
  layout: AlembicLayout;
  env: EnvFacts;
  options: DiscoverOptions;
  settingsFiles: string[];
  appPackage: string | undefined;
  flaskSqlalchemy: boolean;
}

/** Test configurations (`TestConfig`, `TestingConfig`, `UnitTestConfig`) never name the developer's database. */
function isTestConfig(where: string): boolean {
  return /^Test|Test(?:ing)?Config$/.test(where);
}

/**
 * The URL from the settings: the one value, or why there is none (set nowhere, an unset variable, or set
 * in several places, where the app picks one when it runs: stk-migrate does not guess which).
 */
function fromSettings(all: Array<SettingsUrl & { file: string }>, lookup: (name: string) => string | undefined): { url: string; source: string } | { missing: string } {
  const settings = all.filter((item) => !isTestConfig(item.where));
  if (settings.length === 0) return { missing: 'no settings module sets SQLALCHEMY_DATABASE_URI' };
  const place = (item: SettingsUrl & { file: string }) => `${item.file}:${item.line}${item.where === 'module' ? '' : ` (${item.where})`}`;
  const values = settings.map((item) => evaluateRecipe(item.recipe, lookup));
  const distinct = new Set(values.map((value) => ('value' in value ? value.value : undefined)));
  const only = values[0]!;
  if (distinct.size === 1 && 'value' in only) return { url: only.value, source: place(settings[0]!) };
  if (settings.length === 1 && 'missing' in only) return { missing: `${place(settings[0]!)} sets SQLALCHEMY_DATABASE_URI, but ${only.missing}` };
  return { missing: `SQLALCHEMY_DATABASE_URI is set in ${settings.length} places (${settings.map(place).join(', ')}) and the app picks one when it runs` };
}

async function discoverDatabase(inputs: DatabaseInputs): Promise<DatabaseDiscovery> {
  const { root, config, layout, env: envPy, options } = inputs;
  const env = options.env ?? process.env;
  const dotenv = readDotenv(root, '.env');
  const flaskenv = readDotenv(root, '.flaskenv');
  const lookup = (name: string) => env[name] ?? dotenv?.get(name) ?? flaskenv?.get(name);
  const iniUrl = layout.iniUrl && !isPlaceholderUrl(layout.iniUrl) ? layout.iniUrl : undefined;
  const settings = envPy.urlFromApp ? await readSettings(root, inputs.settingsFiles) : [];
  const variables = [...new Set(settings.flatMap((item) => recipeVariables(item.recipe)))];
  const fromApp = envPy.urlFromApp ? fromSettings(settings, lookup) : undefined;
  const sources: [string, string | undefined][] = [
    ['--database-url', options.databaseUrl],
    ['stk-migrate config', config.databaseUrl],
    ['SQLALCHEMY_DATABASE_URI', env.SQLALCHEMY_DATABASE_URI],
    ['.env', dotenv?.get('SQLALCHEMY_DATABASE_URI')],
  ];
  const settingsSource: [string, string | undefined] = fromApp && 'url' in fromApp ? [fromApp.source, fromApp.url] : ['settings', undefined];
  const iniSource: [string, string | undefined] = ['alembic.ini', iniUrl];
  // env.py decides: one that reads the app takes the app's settings over alembic.ini's fallback
  sources.push(...(envPy.urlFromApp ? [settingsSource, iniSource] : [iniSource]));
  for (const [source, url] of sources) {
    if (!url) continue;
    const fromFlaskSettings = source === settingsSource[0] && inputs.flaskSqlalchemy;
    const instance = inputs.appPackage ? join(root, dirname(inputs.appPackage), 'instance') : join(root, 'instance');
    return {
      database: { url, masked: maskUrl(url), dialect: dialectOf(url), source, ...(fromFlaskSettings ? { sqliteBases: [instance, root] } : {}) },
      missing: undefined,
      variables,
    };
  }
  const ini = layout.ini ? relative(root, layout.ini).split(sep).join('/') : undefined;
  const iniPart = ini ? (layout.iniUrl ? `${ini}'s sqlalchemy.url is a placeholder` : `${ini} has no sqlalchemy.url`) : 'there is no alembic.ini';
  const missing = envPy.urlFromApp && fromApp && 'missing' in fromApp ? `${fromApp.missing}; ${iniPart}` : `${iniPart}, and env.py reads the URL only from there`;
  return { database: undefined, missing: `no database configured: ${missing} (nor SQLALCHEMY_DATABASE_URI in the environment or .env)`, variables };
}

/**
 * Where the project is, found the same way by every command (install included): the Alembic configuration
 * at, above or below the start folder, then the stk-migrate config's `alembicIni` when it names one.
 */
export async function locateProject(options: DiscoverOptions = {}): Promise<{ location: AlembicLocation; config: ProjectConfig; pyproject: Record<string, unknown> | undefined }> {
  const env = options.env ?? process.env;
  // a file's own project, in a monorepo say, unless a project or a configuration is named
  const fromFile = options.forFile !== undefined && options.config === undefined && !env.ALEMBIC_CONFIG && existsSync(options.forFile) ? dirname(resolve(options.forFile)) : undefined;
  const start = resolve(options.project ?? fromFile ?? process.cwd());
  if (!existsSync(start)) throw new UsageError(`--project ${options.project}: no such folder`, 'no-project');
  const location = locateAlembic(start, options.config ?? env.ALEMBIC_CONFIG);
  if (!location) {
    throw new UsageError(
      `no Alembic project at, above or below ${start} (looked for alembic.ini, Flask-Migrate's migrations/, [tool.alembic] in pyproject.toml, and pyproject.toml beside alembic/env.py); pass --project <dir> or --config <alembic.ini>`,
      'no-project',
    );
  }
  const { config, pyproject } = await readConfig(location.root);
  return { location: config.alembicIni && options.config === undefined ? configuredIni(location.root, config.alembicIni) : location, config, pyproject };
}

/** Everything the commands need to know about the project, discovered and never assumed, without running its code. */
export async function discoverProject(options: DiscoverOptions = {}): Promise<Project> {
  const env = options.env ?? process.env;
  const { location: located, config, pyproject } = await locateProject(options);
  const root = located.root;
  const layout = readAlembicLayout(located, options.name, pyproject, options.forFile, options.anyEnvironment);
  const envFacts = await readEnv(root, layout.scriptLocation);
  const appPackage = findAppPackage(root, config, pyproject, envFacts.imports);
  const models = modelSource(root, config, appPackage);
  const environment = [layout.scriptLocation, ...layout.versionDirs];
  const sourceFiles = [...pythonFiles(root, appPackage ? [appPackage] : models.kind === 'search' ? models.folders : [], environment), ...rootPythonFiles(root)];
  const scripts = table(table(pyproject?.project).scripts);
  const cliFacts = config.cli || typeof scripts.stk === 'string' ? { dbGroup: undefined, flaskMigrate: false, flaskSqlalchemy: false } : await readProjectCli(root, sourceFiles);
  const database = await discoverDatabase({ root, config, layout, env: envFacts, options, settingsFiles: sourceFiles, appPackage, flaskSqlalchemy: cliFacts.flaskSqlalchemy });
  const stkEntry = scripts.stk;
  return {
    root,
    config,
    layout: layout.kind,
    alembicIni: layout.ini,
    alembicSection: layout.section,
    alembicSections: layout.sections,
    scriptLocation: layout.scriptLocation,
    versionDirs: layout.versionDirs,
    recursiveVersions: layout.recursiveVersions,
    appPackage,
    models,
    env: { file: envFacts.file, needsFlaskApp: envFacts.needsFlaskApp, urlFromApp: envFacts.urlFromApp, metadataOwners: envFacts.metadataOwners },
    database: database.database,
    noDatabaseReason: database.missing,
    databaseVariables: database.variables,
    runner: detectRunner(root, config, env.PATH),
    cli: detectCli(root, config, pyproject, layout, cliFacts, sourceFiles),
    stkEntry: typeof stkEntry === 'string' ? stkEntry : undefined,
  };
}

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../cli/command.js';
import { readConfig, type ProjectConfig } from './config.js';
import { parseDotenv } from './dotenv.js';
import { globFiles } from './files.js';
import { iniValue, parseIni } from './ini.js';
import { detectRunner } from './runner.js';
import { ParseCache } from '../cache/parse-cache.js';
import { limits } from '../parse/limits.js';
import type { Cli, DatabaseUrl, Project } from './types.js';
import { dialectOf, isPlaceholderUrl, maskUrl } from './url.js';

export interface DiscoverOptions {
  /** `--project`: a folder inside the project; default the working directory. */
  project?: string | undefined;
  /** `--database-url`, which wins over every other source. */
  databaseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

const alembicFolders = ['alembic', 'migrations'];

/** The nearest folder, from `start` upwards, with alembic.ini, or a pyproject.toml beside an Alembic folder. */
export function findRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'alembic.ini'))) return dir;
    if (existsSync(join(dir, 'pyproject.toml')) && alembicFolders.some((folder) => existsSync(join(dir, folder, 'env.py')))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Splits `version_locations` the way Alembic does, by `path_separator` (or the older `version_path_separator`). */
function splitLocations(value: string, separator: string | undefined): string[] {
  const by: Record<string, RegExp | string> = { space: / +/, newline: /\n/, os: ':', ':': ':', ';': ';' };
  const split = separator === undefined ? /[ ,]+/ : (by[separator] ?? separator);
  return value.split(split).map((part) => part.trim()).filter(Boolean);
}

interface AlembicLayout {
  alembicIni: string | undefined;
  scriptLocation: string;
  versionDirs: string[];
  iniUrl: string | undefined;
}

function resolveScriptLocation(root: string, location: string): string {
  const packageForm = /^([\w.]+):([\w/.]+)$/.exec(location);
  if (packageForm && !isAbsolute(location)) return join(root, ...packageForm[1]!.split('.'), packageForm[2]!);
  return resolve(root, location);
}

function alembicLayout(root: string, config: ProjectConfig, pyproject: Record<string, unknown> | undefined): AlembicLayout {
  const iniPath = resolve(root, config.alembicIni ?? 'alembic.ini');
  if (existsSync(iniPath)) {
    const sections = parseIni(readFileSync(iniPath, 'utf8'));
    const vars = { here: dirname(iniPath) };
    const scriptLocation = resolveScriptLocation(root, iniValue(sections, 'alembic', 'script_location', vars) ?? 'alembic');
    const locations = iniValue(sections, 'alembic', 'version_locations', vars);
    // Alembic 1.16+ reads path_separator first; older versions know only version_path_separator.
    const separator = iniValue(sections, 'alembic', 'path_separator', vars) ?? iniValue(sections, 'alembic', 'version_path_separator', vars);
    return {
      alembicIni: iniPath,
      scriptLocation,
      versionDirs: locations ? splitLocations(locations, separator).map((dir) => resolve(root, dir)) : [join(scriptLocation, 'versions')],
      iniUrl: iniValue(sections, 'alembic', 'sqlalchemy.url', vars),
    };
  }
  if (config.alembicIni) throw new UsageError(`alembicIni '${config.alembicIni}' from the stk-migrate config does not exist`);
  const fromToml = table(table(pyproject?.tool).alembic);
  const here = (value: string) => value.replaceAll('%(here)s', root);
  const scriptLocation = resolveScriptLocation(
    root,
    here(typeof fromToml.script_location === 'string' ? fromToml.script_location : (alembicFolders.find((folder) => existsSync(join(root, folder, 'env.py'))) ?? 'alembic')),
  );
  const locations = Array.isArray(fromToml.version_locations) ? fromToml.version_locations.filter((item): item is string => typeof item === 'string') : [];
  return {
    alembicIni: undefined,
    scriptLocation,
    versionDirs: locations.length > 0 ? locations.map((dir) => resolve(root, here(dir))) : [join(scriptLocation, 'versions')],
    iniUrl: undefined,
  };
}

function databaseUrl(root: string, config: ProjectConfig, iniUrl: string | undefined, options: DiscoverOptions): DatabaseUrl | undefined {
  const env = options.env ?? process.env;
  const dotenvPath = join(root, '.env');
  const dotenv = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath, 'utf8')) : undefined;
  const sources: [string, string | undefined][] = [
    ['--database-url', options.databaseUrl],
    ['stk-migrate config', config.databaseUrl],
    ['SQLALCHEMY_DATABASE_URI', env.SQLALCHEMY_DATABASE_URI],
    ['.env', dotenv?.get('SQLALCHEMY_DATABASE_URI')],
    ['alembic.ini', iniUrl && !isPlaceholderUrl(iniUrl) ? iniUrl : undefined],
  ];
  for (const [source, url] of sources) {
    if (url) return { url, masked: maskUrl(url), dialect: dialectOf(url), source };
  }
  return undefined;
}

const notApp = new Set(['alembic', 'migrations', 'tests', 'test', 'docs', 'scripts', 'instance', 'static', 'templates', 'node_modules']);

/** The application package: configured, named after the project, or the package that holds the models. */
function appPackage(root: string, config: ProjectConfig, pyproject: Record<string, unknown> | undefined): string | undefined {
  if (config.package) {
    if (!existsSync(join(root, config.package))) throw new UsageError(`package '${config.package}' from the stk-migrate config is not a folder under ${root}`);
    return config.package;
  }
  const name = table(pyproject?.project).name;
  if (typeof name === 'string') {
    const folder = name.toLowerCase().replace(/[-.]/g, '_');
    if (existsSync(join(root, folder, '__init__.py'))) return folder;
  }
  const packages = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !notApp.has(entry.name) && existsSync(join(root, entry.name, '__init__.py')))
    .map((entry) => entry.name)
    .sort();
  const score = (pkg: string) =>
    (existsSync(join(root, pkg, 'extensions.py')) ? 2 : 0) + (existsSync(join(root, pkg, 'models.py')) || globFiles(root, [`${pkg}/*/models.py`]).length > 0 ? 1 : 0);
  return packages.sort((a, b) => score(b) - score(a))[0];
}

async function detectCli(root: string, config: ProjectConfig, pyproject: Record<string, unknown> | undefined, pkg: string | undefined): Promise<Cli> {
  const scripts = table(table(pyproject?.project).scripts);
  const kind = config.cli ?? (typeof scripts.stk === 'string' ? 'stk' : pkg && (await hasDbGroup(root, pkg)) ? 'quart' : 'alembic');
  return { kind, label: kind === 'alembic' ? 'alembic' : `${kind} db` };
}

/** Whether any module of the package declares the `db` group; parsed once per file version (cached). */
async function hasDbGroup(root: string, pkg: string): Promise<boolean> {
  const cache = new ParseCache<boolean>(root, 'cli-groups');
  const files = globFiles(root, [`${pkg}/**/*.py`]);
  let found = false;
  for (const file of files) {
    found = await cache.get(file, join(root, file), async (bytes) => {
      const source = bytes.toString('utf8');
      // a file past the parser's size limit is data, not the CLI
      return bytes.length <= limits.bytes && (source.includes('group') || source.includes('Group')) && (await import('./cli-group.js')).declaresDbGroup(source);
    });
    if (found) break;
  }
  cache.save(files);
  return found;
}

/** Everything the commands need to know about the project, discovered and never assumed. */
export async function discoverProject(options: DiscoverOptions = {}): Promise<Project> {
  const start = resolve(options.project ?? process.cwd());
  if (!existsSync(start)) throw new UsageError(`--project ${options.project}: no such folder`, 'no-project');
  const root = findRoot(start);
  if (!root) throw new UsageError(`no Alembic project at or above ${start} (looked for alembic.ini, or pyproject.toml beside alembic/env.py); pass --project <dir>`, 'no-project');
  const { config, pyproject } = await readConfig(root);
  const layout = alembicLayout(root, config, pyproject);
  const pkg = appPackage(root, config, pyproject);
  const stkEntry = table(table(pyproject?.project).scripts).stk;
  return {
    root,
    config,
    alembicIni: layout.alembicIni,
    scriptLocation: layout.scriptLocation,
    versionDirs: layout.versionDirs,
    appPackage: pkg,
    modelGlobs: config.models ?? (pkg ? [`${pkg}/*/models.py`, `${pkg}/models.py`] : ['*/models.py', 'models.py']),
    database: databaseUrl(root, config, layout.iniUrl, options),
    runner: detectRunner(root, config, (options.env ?? process.env).PATH),
    cli: await detectCli(root, config, pyproject, pkg),
    stkEntry: typeof stkEntry === 'string' ? stkEntry : undefined,
  };
}

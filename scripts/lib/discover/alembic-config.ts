import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UsageError } from '../cli/command.js';
import { iniProblem, iniValue, parseIni, type IniSections } from './ini.js';
import type { AlembicLayoutKind } from './types.js';

/** Folders that hold an Alembic environment when nothing configures one: `alembic/env.py` (Alembic's template), `migrations/env.py` (Flask-Migrate). */
export const alembicFolders = ['alembic', 'migrations'];
const projectMarkers = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Where the Alembic configuration of a project was found, before it is read. */
export interface AlembicLocation {
  /** The folder Alembic runs in: relative paths of the configuration resolve against it. */
  root: string;
  /** The .ini file, when the project has one. */
  ini: string | undefined;
  kind: AlembicLayoutKind;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function readIni(path: string): IniSections {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read it (${(error as Error).message.split('\n')[0]})`);
  }
  // what Alembic itself would stop at, named here with its line rather than found later as configparser's traceback
  const problem = iniProblem(text);
  if (problem) throw new UsageError(`${path}:${problem.line}: Alembic cannot read this file: ${problem.message}; fix that line`, 'config');
  return parseIni(text);
}

/** Sections that configure an Alembic environment: each has its own `script_location` (run with `alembic -n <section>`). */
export function environmentSections(sections: IniSections): string[] {
  return [...sections].filter(([name, keys]) => name !== 'DEFAULT' && keys.has('script_location')).map(([name]) => name);
}

/** `pkg.sub:path/in/it`, the form Alembic resolves by importing the package. */
export function packageForm(location: string): { module: string; path: string } | undefined {
  if (isAbsolute(location) || /^[A-Za-z]:[\\/]/.test(location)) return undefined;
  const colon = location.indexOf(':');
  if (colon <= 0) return undefined;
  const module = location.slice(0, colon);
  if (!module.split('.').every((part) => /^[A-Za-z_]\w*$/.test(part))) return undefined;
  return { module, path: location.slice(colon + 1) };
}

/** Whether a location means the same folder from any working directory (`%(here)s` makes it absolute). */
function independentOfCwd(location: string): boolean {
  return packageForm(location) !== undefined || isAbsolute(location);
}

/** The nearest folder at or above `dir` (at most `levels` up, never above the repository's top) holding a Python project marker. */
function projectFolderAbove(dir: string, levels = 4): string | undefined {
  let current = dir;
  for (let level = 0; level <= levels; level += 1) {
    if (projectMarkers.some((marker) => existsSync(join(current, marker)))) return current;
    const parent = dirname(current);
    if (parent === current || existsSync(join(current, '.git'))) return undefined;
    current = parent;
  }
  return undefined;
}

/**
 * The folder Alembic runs in for this .ini file. A relative `script_location` only works from one folder
 * (Alembic resolves it against the working directory): the first of the ini's folder and `starts` where it
 * names an env.py. A location that means the same folder from anywhere (`pkg:path`, `%(here)s/...`,
 * absolute) leaves the choice to the project: the nearest folder with a pyproject.toml, setup.py or
 * setup.cfg. An ini beside env.py without any script_location is Flask-Migrate's: `flask db` runs from
 * the folder above, with that folder as the script directory.
 */
export function locationForIni(ini: string, starts: string[] = []): AlembicLocation {
  const iniDir = dirname(ini);
  const sections = readIni(ini);
  const environments = environmentSections(sections);
  if (environments.length === 0 && !sections.get('DEFAULT')?.has('script_location') && existsSync(join(iniDir, 'env.py'))) {
    return { root: dirname(iniDir), ini, kind: 'flask-migrate' };
  }
  const locations = environments.map((section) => iniValue(sections, section, 'script_location', { here: iniDir }) ?? '');
  const relativeOne = locations.find((location) => !independentOfCwd(location));
  if (relativeOne !== undefined) {
    const root = [iniDir, ...starts].find((candidate) => existsSync(join(candidate, relativeOne, 'env.py'))) ?? iniDir;
    return { root, ini, kind: 'alembic.ini' };
  }
  return { root: locations.length > 0 ? (projectFolderAbove(iniDir) ?? iniDir) : iniDir, ini, kind: 'alembic.ini' };
}

function pyprojectHasToolAlembic(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  // the cheap test first; the parse confirms (a comment or string may mention the table)
  if (!text.includes('tool.alembic')) return false;
  try {
    const tool = (parseToml(text) as { tool?: Record<string, unknown> }).tool;
    return !!tool && typeof tool.alembic === 'object';
  } catch {
    return false;
  }
}

/** The Alembic configuration that makes `dir` a project root, if any. */
function alembicAt(dir: string, starts: string[]): AlembicLocation | undefined {
  const ini = join(dir, 'alembic.ini');
  if (existsSync(ini)) return locationForIni(ini, starts);
  const flask = join(dir, 'migrations');
  if (existsSync(join(flask, 'alembic.ini')) && existsSync(join(flask, 'env.py'))) return { root: dir, ini: join(flask, 'alembic.ini'), kind: 'flask-migrate' };
  const pyproject = join(dir, 'pyproject.toml');
  if (!existsSync(pyproject)) return undefined;
  if (pyprojectHasToolAlembic(pyproject)) return { root: dir, ini: undefined, kind: 'pyproject' };
  if (alembicFolders.some((folder) => existsSync(join(dir, folder, 'env.py')))) return { root: dir, ini: undefined, kind: 'folder' };
  return undefined;
}

/** Walking up from `start`: the first folder whose files configure Alembic. */
export function locateUpwards(start: string): AlembicLocation | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const found = alembicAt(dir, [resolve(start)]);
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

const notSearched = new Set(['node_modules', '__pycache__', 'venv', 'env', 'site-packages', 'build', 'dist', 'tests', 'test', 'docs']);

/**
 * Every alembic.ini under `dir`, a few levels deep, outside virtualenvs, tests and hidden folders; the walk
 * stops after `budget` folders, so that running from a home folder stays quick.
 */
export function iniFilesBelow(dir: string, depth = 4, budget = 2000): string[] {
  const found: string[] = [];
  let visited = 0;
  const walk = (folder: string, level: number) => {
    if ((visited += 1) > budget) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name === 'alembic.ini') found.push(join(folder, entry.name));
      else if (entry.isDirectory() && level < depth && !entry.name.startsWith('.') && !notSearched.has(entry.name)) walk(join(folder, entry.name), level + 1);
    }
  };
  walk(dir, 0);
  return found.sort();
}

/**
 * The project's Alembic configuration: `--config` (or `ALEMBIC_CONFIG`) when given, else the nearest one at or
 * above `start`, else the only alembic.ini below it. Several below is a question for the user, not a guess.
 */
export function locateAlembic(start: string, config: string | undefined): AlembicLocation | undefined {
  if (config !== undefined) {
    const ini = resolve(start, config);
    if (!existsSync(ini) || isDirectory(ini)) throw new UsageError(`--config ${config}: no such file`);
    return locationForIni(ini, [start]);
  }
  const above = locateUpwards(start);
  if (above) return above;
  const below = iniFilesBelow(start);
  if (below.length === 1) return locationForIni(below[0]!, [start]);
  if (below.length > 1) {
    const shown = below.slice(0, 6).map((file) => relative(start, file).split(sep).join('/'));
    throw new UsageError(`several alembic.ini files under ${start}: ${shown.join(', ')}${below.length > 6 ? ', ...' : ''}; pick one with --config <file>`);
  }
  return undefined;
}

/** An alembic.ini with several environments and no `--name`: the user picks, stk-migrate never guesses. */
export class SeveralEnvironments extends UsageError {
  override name = 'SeveralEnvironments';
  constructor(
    readonly ini: string,
    readonly sections: string[],
  ) {
    super(`${ini} configures ${sections.length} Alembic environments (${sections.map((section) => `[${section}]`).join(', ')}); pick one with --name <section>`);
  }
}

/** What the commands need from the Alembic configuration. */
export interface AlembicLayout {
  kind: AlembicLayoutKind;
  ini: string | undefined;
  /** The ini section in use (`-n`): `alembic` unless `--name` or the file says otherwise. */
  section: string;
  /** Every section of the ini that configures an environment. */
  sections: string[];
  scriptLocation: string;
  versionDirs: string[];
  recursiveVersions: boolean;
  iniUrl: string | undefined;
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

/** The folders a `pkg.sub` module may live in, read from the source tree instead of importing it. */
function packageBases(root: string, ini: string | undefined): string[] {
  const bases = [root, join(root, 'src')];
  for (let dir = ini ? dirname(ini) : root; dir.startsWith(root) && dir !== root; dir = dirname(dir)) bases.push(dir);
  return [...new Set(bases)];
}

/**
 * A script or version location as a folder. `pkg.sub:path` is resolved from the source tree (Alembic
 * imports the package; stk-migrate never runs the project's code to find its layout), other paths
 * against the folder Alembic runs in.
 */
export function resolveLocation(location: string, root: string, ini: string | undefined, what: string): string {
  const form = packageForm(location);
  if (!form) return resolve(root, location);
  const bases = packageBases(root, ini);
  for (const base of bases) {
    const folder = join(base, ...form.module.split('.'));
    if (isDirectory(folder)) return join(folder, form.path);
  }
  const looked = bases.map((base) => relative(root, base).split(sep).join('/') || '.').join(', ');
  throw new UsageError(`${what} '${location}': no folder for the package '${form.module}' in ${looked} (under ${root})`);
}

function chooseSection(sections: IniSections, environments: string[], name: string | undefined, ini: string): string {
  if (name !== undefined) {
    if (sections.has(name)) return name;
    const known = environments.length > 0 ? `; its environments: ${environments.join(', ')}` : '';
    throw new UsageError(`--name ${name}: ${ini} has no [${name}] section${known}`);
  }
  if (environments.length === 0 || environments.includes('alembic')) return 'alembic';
  if (environments.length === 1) return environments[0]!;
  throw new SeveralEnvironments(ini, environments);
}

/**
 * Script location, versions folders and URL of the chosen environment, as Alembic reads them: the ini's
 * section first, then `[tool.alembic]` of pyproject.toml (Alembic 1.16+), then the folders Alembic's and
 * Flask-Migrate's templates create.
 */
export function readAlembicLayout(location: AlembicLocation, name: string | undefined, pyproject: Record<string, unknown> | undefined, forFile?: string, anyEnvironment = false): AlembicLayout {
  const { ini } = location;
  const sections = ini ? readIni(ini) : new Map<string, Map<string, string>>();
  const environments = environmentSections(sections);
  try {
    return layoutOf(location, sections, environments, ini ? chooseSection(sections, environments, name, ini) : 'alembic', name, pyproject);
  } catch (error) {
    if (!(error instanceof SeveralEnvironments) || (forFile === undefined && !anyEnvironment)) throw error;
    const layouts = environments.map((section) => layoutOf(location, sections, environments, section, name, pyproject));
    // a file the caller was given: the environment whose folders hold it
    const holding = forFile === undefined ? undefined : layouts.find((layout) => [layout.scriptLocation, ...layout.versionDirs].some((dir) => forFile.startsWith(dir + sep)));
    if (holding) return holding;
    // any one for a file outside them (a model, say); for a caller that runs no migration (lint), the first,
    // with every environment's migrations as the project's (none of them is app code)
    return anyEnvironment ? { ...layouts[0]!, versionDirs: [...new Set(layouts.flatMap((layout) => layout.versionDirs))] } : layouts[0]!;
  }
}

function layoutOf(
  location: AlembicLocation,
  sections: IniSections,
  environments: string[],
  section: string,
  name: string | undefined,
  pyproject: Record<string, unknown> | undefined,
): AlembicLayout {
  const { root, ini, kind } = location;
  if (!ini && name !== undefined && name !== 'alembic') throw new UsageError(`--name ${name}: this project has no alembic.ini, so there are no sections to choose from`);
  const vars = { here: ini ? dirname(ini) : root };
  const fromIni = (key: string) => (ini ? iniValue(sections, section, key, vars) : undefined);
  const toml = table(table(pyproject?.tool).alembic);
  const fromToml = (key: string): unknown => {
    const value = toml[key];
    const here = (text: string) => text.replaceAll('%(here)s', root);
    if (typeof value === 'string') return here(value);
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').map(here);
    return value;
  };

  const configured = fromIni('script_location') ?? (typeof fromToml('script_location') === 'string' ? (fromToml('script_location') as string) : undefined);
  let scriptLocation: string;
  if (kind === 'flask-migrate' && ini) scriptLocation = dirname(ini);
  else if (configured !== undefined) scriptLocation = resolveLocation(configured, root, ini, 'script_location');
  else scriptLocation = join(root, alembicFolders.find((folder) => existsSync(join(root, folder, 'env.py'))) ?? 'alembic');

  const iniLocations = fromIni('version_locations');
  const tomlLocations = fromToml('version_locations');
  // Alembic 1.16+ reads path_separator first; older versions know only version_path_separator.
  const separator = fromIni('path_separator') ?? fromIni('version_path_separator');
  const locations = iniLocations ? splitLocations(iniLocations, separator) : Array.isArray(tomlLocations) ? (tomlLocations as string[]) : [];
  const recursive = fromIni('recursive_version_locations') ?? fromToml('recursive_version_locations');
  return {
    kind,
    ini,
    section,
    sections: environments.length > 0 ? environments : [section],
    scriptLocation,
    versionDirs: locations.length > 0 ? locations.map((dir) => resolveLocation(dir, root, ini, 'version_locations')) : [join(scriptLocation, 'versions')],
    recursiveVersions: recursive === true || recursive === 'true',
    iniUrl: fromIni('sqlalchemy.url'),
  };
}

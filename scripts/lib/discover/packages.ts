import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../cli/command.js';
import { readFolderEntries } from '../cli/errors.js';
import { isFolder } from './files.js';
import type { ProjectConfig } from './config.js';

/** Folders that are never the application package. */
const notApp = new Set(['alembic', 'migrations', 'tests', 'test', 'docs', 'scripts', 'instance', 'static', 'templates', 'node_modules', 'venv', 'env', 'build', 'dist']);
/** Folders never searched for the application's Python files. */
const notSource = new Set(['__pycache__', 'node_modules', 'venv', '.venv', 'env', 'site-packages', 'tests', 'test', 'static', 'templates', 'instance']);

function packagesIn(root: string, base: string): string[] {
  const dir = join(root, base);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !notApp.has(entry.name) && existsSync(join(dir, entry.name, '__init__.py')))
    .map((entry) => (base ? `${base}/${entry.name}` : entry.name))
    .sort();
}

/** Python packages at the top of the source tree: `pkg` under the root, and `src/pkg` (the src layout). */
export function candidatePackages(root: string): string[] {
  return [...packagesIn(root, ''), ...packagesIn(root, 'src')];
}

function folderName(pkg: string): string {
  return pkg.split('/').pop() ?? pkg;
}

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function hasModels(root: string, pkg: string): boolean {
  const dir = join(root, pkg);
  if (existsSync(join(dir, 'models.py')) || existsSync(join(dir, 'models', '__init__.py'))) return true;
  try {
    return readdirSync(dir, { withFileTypes: true }).some((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'models.py')));
  } catch {
    return false;
  }
}

/**
 * The application package, never assumed to be `stk`: the config's, the one named after the project
 * (`[project]` or `[tool.poetry]` name), the one env.py imports, else the one that looks like an app
 * (extensions.py, then models), else the first.
 */
export function findAppPackage(root: string, config: ProjectConfig, pyproject: Record<string, unknown> | undefined, envImports: string[]): string | undefined {
  if (config.package) {
    if (!existsSync(join(root, config.package))) throw new UsageError(`package '${config.package}' from the stk-migrate config is not a folder under ${root}`);
    return config.package;
  }
  const candidates = candidatePackages(root);
  const name = table(pyproject?.project).name ?? table(table(pyproject?.tool).poetry).name;
  if (typeof name === 'string') {
    const folder = name.toLowerCase().replace(/[-.]/g, '_');
    const named = candidates.find((pkg) => folderName(pkg) === folder);
    if (named) return named;
  }
  const imported = candidates.filter((pkg) => envImports.includes(folderName(pkg)));
  const pool = imported.length > 0 ? imported : candidates;
  const score = (pkg: string) => (existsSync(join(root, pkg, 'extensions.py')) ? 2 : 0) + (hasModels(root, pkg) ? 1 : 0);
  return [...pool].sort((a, b) => score(b) - score(a))[0];
}

/**
 * Every `.py` file under the folders (relative to the root, forward slashes, sorted), skipping hidden
 * folders, caches, virtualenvs, tests, and the `excluded` folders (absolute: the Alembic environment).
 */
export function pythonFiles(root: string, folders: string[], excluded: string[] = []): string[] {
  const skip = new Set(excluded);
  const found: string[] = [];
  const walk = (dir: string) => {
    if (skip.has(dir)) return;
    // a folder that cannot be read is an error naming it: a silent empty list hid models
    for (const entry of readFolderEntries(dir)) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!notSource.has(entry.name)) walk(path);
      } else if ((entry.isFile() || (entry.isSymbolicLink() && !isFolder(path))) && entry.name.endsWith('.py')) {
        // a link that cannot be followed (dangling, a loop) counts as a file, so that reading it names it
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return found.sort();
}

/** The `.py` files directly in the root (a single-module app keeps its models there). */
export function rootPythonFiles(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.py') && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../cli/command.js';
import { readFolderEntries } from '../cli/errors.js';

function segmentMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return !name.startsWith('.');
  const [prefix, ...rest] = pattern.split('*');
  if (rest.length === 0) return pattern === name;
  const suffix = rest.pop() ?? '';
  if (!name.startsWith(prefix ?? '') || !name.endsWith(suffix) || name.length < (prefix ?? '').length + suffix.length) return false;
  let at = (prefix ?? '').length;
  for (const middle of rest) {
    const found = name.indexOf(middle, at);
    if (found < 0 || found + middle.length > name.length - suffix.length) return false;
    at = found + middle.length;
  }
  return true;
}

/** A folder's entries; a folder that cannot be read is an error naming it (a silent empty list hid models and migrations). */
function entries(dir: string): { name: string; isDir: boolean }[] {
  return readFolderEntries(dir).map((entry) => ({
    name: entry.name,
    // a link that cannot be followed (dangling, a loop) counts as a file, so that reading it names it
    isDir: entry.isDirectory() || (entry.isSymbolicLink() && isFolder(join(dir, entry.name))),
  }));
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const skippedDirs = new Set(['node_modules', '__pycache__', '.venv', 'venv', '.git']);

/** Files under `root` matching slash-separated patterns with `*` and `**` segments, sorted, relative with forward slashes. */
export function globFiles(root: string, patterns: string[]): string[] {
  const found = new Set<string>();
  const walk = (dir: string, segments: string[]) => {
    const [head, ...rest] = segments;
    if (head === undefined) return;
    if (head === '**') {
      walk(dir, rest);
      for (const entry of entries(dir)) if (entry.isDir && !skippedDirs.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), segments);
      return;
    }
    for (const entry of entries(dir)) {
      if (!segmentMatches(head, entry.name)) continue;
      if (rest.length === 0) {
        if (!entry.isDir) found.add(relative(root, join(dir, entry.name)).split(sep).join('/'));
      } else if (entry.isDir && !skippedDirs.has(entry.name)) walk(join(dir, entry.name), rest);
    }
  };
  for (const pattern of patterns) walk(root, pattern.split('/').filter((segment) => segment !== '' && segment !== '.'));
  return [...found].sort();
}

/** Project-relative path with forward slashes. */
export function relativePath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** A file named on the command line, relative to the project root; a usage error when it is missing or outside the project. */
export function projectFileArgument(root: string, argument: string, cwd: string): string {
  const absolute = isAbsolute(argument) ? argument : resolve(cwd, argument);
  if (!existsSync(absolute)) throw new UsageError(`${argument}: no such file`);
  const file = relativePath(root, absolute);
  if (file.startsWith('..')) throw new UsageError(`${argument}: not inside the project at ${root}`);
  return file;
}

/** A name Alembic loads as a revision: `*.py`, not `__init__.py` nor any `__*` or hidden (`.#` editor lock) file. */
export function isRevisionName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__') && !name.startsWith('.');
}

/**
 * Whether Alembic reads `file` (absolute, normalized) as a revision of the project: a revision name in a
 * versions folder, or below one with `recursive_version_locations` (through no `__pycache__` or hidden folder).
 */
export function isRevisionFile(project: { versionDirs: readonly string[]; recursiveVersions: boolean }, file: string): boolean {
  for (const dir of project.versionDirs) {
    if (!file.startsWith(dir + sep)) continue;
    const parts = file.slice(dir.length + 1).split(sep);
    const name = parts.pop() ?? '';
    if (!isRevisionName(name)) continue;
    if (parts.length === 0 || (project.recursiveVersions && parts.every((part) => part !== '__pycache__' && !part.startsWith('.')))) return true;
  }
  return false;
}

/** Why Alembic cannot run at all when the project's `script_location` names no folder (undefined when it does). */
export function missingScriptLocation(project: { root: string; scriptLocation: string }): string | undefined {
  if (existsSync(project.scriptLocation)) return undefined;
  return `script_location names ${relativePath(project.root, project.scriptLocation) || '.'}, which does not exist`;
}

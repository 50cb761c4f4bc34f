import { join } from 'node:path';
import type { Project } from '../discover/types.js';
import { relativePath } from '../discover/files.js';
import { readFolderEntries } from '../cli/errors.js';
import type { Operation } from './ops/types.js';
import type { MigrationHeader } from './header.js';
import type { PythonFile } from '../parse/python.js';
import { ParseCache } from '../cache/parse-cache.js';

/**
 * Revision files as Alembic finds them: `*.py` in each versions folder, and in its subfolders too with
 * `recursive_version_locations` (`__pycache__` aside), sorted by path. A folder that cannot be read is an
 * error naming it.
 */
export function migrationFiles(project: Project): string[] {
  const files = new Set<string>();
  const walk = (dir: string) => {
    const prefix = relativePath(project.root, dir);
    for (const entry of readFolderEntries(dir)) {
      const name = entry.name;
      if (entry.isDirectory()) {
        if (project.recursiveVersions && name !== '__pycache__' && !name.startsWith('.')) walk(join(dir, name));
      } else if (name.endsWith('.py') && !name.startsWith('__') && !name.startsWith('.')) files.add(prefix ? `${prefix}/${name}` : name);
    }
  };
  for (const dir of project.versionDirs) walk(dir);
  return [...files].sort();
}

export async function loadMigrationHeaders(project: Project): Promise<MigrationHeader[]> {
  const cache = new ParseCache<MigrationHeader>(project.root, 'migrations');
  const files = migrationFiles(project);
  const headers: MigrationHeader[] = [];
  for (const file of files) {
    headers.push(await cache.get(file, join(project.root, file), async (bytes) => (await import('./header.js')).parseMigrationHeader(bytes, file)));
  }
  cache.save(files);
  return headers;
}

export interface LoadedMigration {
  header: MigrationHeader;
  /** The operations of `upgrade()`, for replaying the schema the history produces. */
  upgradeOps: Operation[];
}

/**
 * Headers and upgrade operations of every migration, parsed once per file version (cached): what
 * validate and the hook need, with one look at each file. `parsed` holds files the caller already parsed
 * (the ones it is about to check), so a changed file is not parsed twice.
 */
export async function loadMigrations(project: Project, parsed: ReadonlyMap<string, PythonFile> = new Map()): Promise<LoadedMigration[]> {
  // the kind's suffix changes with the shape of the operations it keeps (a stale shape would be read as valid)
  const cache = new ParseCache<LoadedMigration>(project.root, 'migrations-with-ops-2');
  const files = migrationFiles(project);
  const loaded: LoadedMigration[] = [];
  for (const file of files) {
    loaded.push(
      await cache.get(file, join(project.root, file), async (bytes) => {
        const [{ parsePythonFile }, { readMigrationHeader }, { readMigrationOperations }] = await Promise.all([
          import('../parse/python.js'),
          import('./header.js'),
          import('./operations.js'),
        ]);
        const given = parsed.get(file);
        const own = given ? undefined : await parsePythonFile(bytes);
        const source = given ?? own!;
        try {
          const { header, upgrade } = readMigrationOperations(source, readMigrationHeader(source, file));
          return { header, upgradeOps: upgrade.ops };
        } finally {
          own?.delete();
        }
      }),
    );
  }
  cache.save(files);
  return loaded;
}

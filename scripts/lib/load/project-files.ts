import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../discover/types.js';
import { globFiles, relativePath } from '../discover/files.js';
import type { MigrationHeader } from '../parse/migration.js';
import type { ModelFileResult, ModelTable } from '../parse/models.js';
import { collectTables } from '../model/tables.js';
import { ParseCache } from './cache.js';

/** Revision files as Alembic finds them: `*.py` directly in each versions folder, sorted by path. */
export function migrationFiles(project: Project): string[] {
  const files: string[] = [];
  for (const dir of project.versionDirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith('.py') && !name.startsWith('__') && !name.startsWith('.')) files.push(relativePath(project.root, join(dir, name)));
    }
  }
  return files.sort();
}

export async function loadMigrationHeaders(project: Project): Promise<MigrationHeader[]> {
  const cache = new ParseCache<MigrationHeader>(project.root, 'migrations');
  const files = migrationFiles(project);
  const headers: MigrationHeader[] = [];
  for (const file of files) {
    const absolute = join(project.root, file);
    headers.push(await cache.get(file, absolute, async () => (await import('../parse/migration.js')).parseMigrationHeader(readFileSync(absolute, 'utf8'), file)));
  }
  cache.save(files);
  return headers;
}

export interface LoadedModels {
  files: ModelFileResult[];
  tables: ModelTable[];
}

export async function loadModels(project: Project): Promise<LoadedModels> {
  const cache = new ParseCache<ModelFileResult>(project.root, 'models');
  const names = globFiles(project.root, project.modelGlobs);
  const files: ModelFileResult[] = [];
  for (const file of names) {
    const absolute = join(project.root, file);
    files.push(await cache.get(file, absolute, async () => (await import('../parse/models.js')).parseModelFile(readFileSync(absolute, 'utf8'), file)));
  }
  cache.save(names);
  return { files, tables: collectTables(files) };
}

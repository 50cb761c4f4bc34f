import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseCache } from '../cache/parse-cache.js';
import { globFiles } from '../discover/files.js';
import type { Project } from '../discover/types.js';
import type { ModelFileResult, ModelTable } from './parse.js';
import { collectTables } from './tables.js';

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
    files.push(await cache.get(file, absolute, async () => (await import('./parse.js')).parseModelFile(readFileSync(absolute, 'utf8'), file)));
  }
  cache.save(names);
  return { files, tables: collectTables(files) };
}

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
    files.push(await cache.get(file, join(project.root, file), async (bytes) => (await import('./parse.js')).parseModelFile(bytes, file)));
  }
  cache.save(names);
  return { files, tables: collectTables(files) };
}

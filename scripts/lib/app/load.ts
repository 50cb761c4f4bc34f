import { join } from 'node:path';
import { ParseCache } from '../cache/parse-cache.js';
import { globFiles, relativePath } from '../discover/files.js';
import type { Project } from '../discover/types.js';
import { buildAppModel, type AppModel } from './model.js';
import type { AppFile } from './read.js';

/** Folders that never hold the app's blueprints. */
const notApp = new Set(['tests', 'test', 'docs', 'node_modules', 'instance', 'static', 'templates', 'scaffold']);

/** The Python files that may declare the app and its blueprints: the app package, and modules at the root (`run.py`). */
export function appSourceFiles(project: Project): string[] {
  const migrations = project.versionDirs.map((dir) => relativePath(project.root, dir)).concat(relativePath(project.root, project.scriptLocation));
  const patterns = project.appPackage ? [`${project.appPackage}/**/*.py`, '*.py'] : ['**/*.py'];
  return globFiles(project.root, patterns).filter(
    (file) => !migrations.some((dir) => dir && (file === dir || file.startsWith(`${dir}/`))) && !file.split('/').slice(0, -1).some((part) => notApp.has(part)),
  );
}

/** Reads (or takes from the parse cache) every app source file. */
export async function loadAppFiles(project: Project): Promise<AppFile[]> {
  const cache = new ParseCache<AppFile>(project.root, 'app');
  const names = appSourceFiles(project);
  const files: AppFile[] = [];
  for (const file of names) {
    const absolute = join(project.root, file);
    files.push(await cache.get(file, absolute, async (bytes) => (await import('./read.js')).parseAppFile(bytes, file)));
  }
  cache.save(names);
  return files;
}

/** The application model of a project: every blueprint, where it is registered, its routes and their auth. */
export async function loadApp(project: Project): Promise<AppModel> {
  return buildAppModel(await loadAppFiles(project));
}

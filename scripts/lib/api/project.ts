import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadAppFiles } from '../app/load.js';
import { buildAppModel, type AppBlueprint, type AppModel } from '../app/model.js';
import type { AppFile } from '../app/read.js';
import type { Project } from '../discover/types.js';
import { modelClasses, type ModelClass } from '../models/classes.js';
import { loadModels } from '../models/load.js';

/** What the API skill reads of a project: its models, its app, and the habits its code already has. */
export interface ApiProject {
  project: Project;
  models: ModelClass[];
  app: AppModel;
  files: AppFile[];
  /** `orjson` when the project imports or depends on it (stk does), else the standard library's `json`. */
  serializer: 'orjson' | 'json';
  /** Where the app imports `auth_required` and `current_user` from (`quart_security` in stk). */
  authModule: string;
  /** The audit-log model with an async `register(user_id, action, data)` classmethod, when the project has one. */
  activity: ModelClass | undefined;
}

/** Whether pyproject.toml requires `name` (in `[project] dependencies` or an optional group). */
async function pyprojectDependsOn(root: string, name: string): Promise<boolean> {
  const file = join(root, 'pyproject.toml');
  if (!existsSync(file)) return false;
  let project: { dependencies?: unknown; 'optional-dependencies'?: unknown };
  try {
    const { parse } = await import('smol-toml');
    project = ((parse(readFileSync(file, 'utf8')) as { project?: typeof project }).project ?? {}) as typeof project;
  } catch {
    return false;
  }
  const groups = Object.values((project['optional-dependencies'] ?? {}) as Record<string, unknown>);
  const requirements = [project.dependencies, ...groups].flatMap((list) => (Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []));
  return requirements.some((requirement) => requirement.trim().toLowerCase().split(/[\s<>=!~[;(]/)[0] === name);
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

export async function loadApiProject(project: Project): Promise<ApiProject> {
  const [models, files] = await Promise.all([loadModels(project), loadAppFiles(project)]);
  const classes = modelClasses(models.files);
  const imported = files.flatMap((file) => Object.values(file.imports));
  const usesOrjson = imported.some((name) => name === 'orjson' || name.startsWith('orjson.')) || (await pyprojectDependsOn(project.root, 'orjson'));
  const authModule =
    mostCommon(imported.filter((name) => name.endsWith('.auth_required') || name.endsWith('.roles_required')).map((name) => name.slice(0, name.lastIndexOf('.')))) ?? 'quart_security';
  const activity = classes.find((model) => model.name === 'Activity' && model.methods.some((method) => method.name === 'register'));
  return { project, models: classes, app: buildAppModel(files), files, serializer: usesOrjson ? 'orjson' : 'json', authModule, activity };
}

/** Python module of a project file: `stkapp/blog/models.py` -> `stkapp.blog.models`. */
export function moduleOf(file: string): string {
  return file.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/**
 * The blueprint a model's endpoints belong in: the one named by `--blueprint` (name or variable), else the one
 * declared beside the model (in its feature folder, `views.py` first). Undefined, with the reason, otherwise.
 */
export function blueprintFor(api: ApiProject, model: ModelClass, requested?: string): { blueprint?: AppBlueprint; reason?: string } {
  const blueprints = api.app.blueprints.filter((item) => item.kind === 'blueprint');
  if (requested) {
    const found = blueprints.filter((item) => item.name === requested || item.variable === requested);
    if (found.length === 1) return { blueprint: found[0] };
    const names = blueprints.map((item) => `${item.name ?? '?'} (${item.variable}, ${item.file})`).join(', ');
    return { reason: found.length > 1 ? `several blueprints are called ${requested}: ${found.map((item) => item.file).join(', ')}` : `no blueprint is called ${requested}; blueprints: ${names || 'none'}` };
  }
  const folder = dirname(model.file);
  const beside = blueprints.filter((item) => dirname(item.file) === folder).sort((a, b) => Number(b.file.endsWith('/views.py')) - Number(a.file.endsWith('/views.py')));
  if (beside.length > 0) return { blueprint: beside[0] };
  return { reason: `no blueprint is declared in ${folder}/ beside ${model.file}; pass --blueprint <name>` };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planApiNew } from '../api/draft/plan.js';
import type { ApiProject } from '../api/project.js';
import { buildAppModel } from '../app/model.js';
import { readImports, decoratorsOf } from '../app/module.js';
import { parseAppFile } from '../app/read.js';
import { UsageError } from '../cli/command.js';
import { applyEdits } from '../edit/text.js';
import { modelClasses, type ModelClass } from '../models/classes.js';
import { parseModelFile } from '../models/parse.js';
import { parsePython } from '../parse/python.js';
import type { ModuleNames } from './names.js';
import { navigationEdit, navigationTitle } from './navigation.js';
import type { BlueprintProject } from './project.js';
import { registrationChange } from './registration.js';
import { pageTemplate } from './template.js';

/** One file the module needs: created (`before` null) or patched. */
export interface PlannedFile {
  /** Relative to the project root. */
  path: string;
  before: string | null;
  after: string;
}

export interface ModulePlan {
  files: PlannedFile[];
  /** The model class and the page's path, for the checks that follow. */
  model: string;
  page: string;
  notes: string[];
}

/** How the project's models are written: the declarative base they inherit (and its module), and their dataclass decorator. */
async function modelHabits(bp: BlueprintProject): Promise<{ base: { module: string; name: string }; decorator: string | null }> {
  const fallback = { base: { module: `${bp.pkg}.extensions`, name: 'Base' }, decorator: null };
  for (const model of bp.api.models) {
    const tree = await parsePython(readFileSync(join(bp.project.root, model.file), 'utf8'));
    try {
      const imports = readImports(tree.rootNode, model.file);
      const imported = model.bases.filter((base) => imports[base]?.includes('.'));
      const base = imported.find((name) => name === 'Base' || /(Base|Model)$/.test(name)) ?? imported[0];
      if (!base) continue;
      const qualified = imports[base]!;
      const definition = tree.rootNode.descendantsOfType('class_definition').find((node) => node?.childForFieldName('name')?.text === model.name);
      const decorator = definition ? decoratorsOf(definition).find((node) => node.text.includes('dataclass'))?.text ?? null : null;
      return { base: { module: qualified.slice(0, qualified.lastIndexOf('.')), name: qualified.slice(qualified.lastIndexOf('.') + 1) }, decorator };
    } finally {
      tree.delete();
    }
  }
  return fallback;
}

/** The model as stk writes a new one: an id, a required name and created_at; api-new adds to_dict and from_dict. */
function modelSource(names: ModuleNames, base: { module: string; name: string }, decorator: string | null): string {
  const dataclassImport = decorator?.startsWith('@dataclasses.') ? 'import dataclasses\n' : decorator?.startsWith('@dataclass') ? 'from dataclasses import dataclass\n' : '';
  return `${dataclassImport}from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String

from ${base.module} import ${base.name}


${decorator ? `${decorator}\n` : ''}class ${names.model}(${base.name}):
    __tablename__ = "${names.table}"

    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    created_at = Column(DateTime, default=datetime.now, nullable=False)
`;
}

/** The blueprint, with auth required once for all its routes (a before_request under the auth decorators). */
function viewsSkeleton(names: ModuleNames, authModule: string): string {
  return `from quart import Blueprint

from ${authModule} import auth_required, roles_required

${names.variable} = Blueprint("${names.blueprint}", __name__)


@${names.variable}.before_request
@auth_required("session")
@roles_required("admin")
async def before_request():
    pass
`;
}

/** The layout the project's pages extend: `layout.html` when it exists, else the first template named like a layout. */
function layoutName(bp: BlueprintProject): string {
  const templates = join(bp.project.root, bp.pkg, 'templates');
  return existsSync(join(templates, 'layout.html')) ? 'layout.html' : existsSync(join(templates, 'base.html')) ? 'base.html' : 'layout.html';
}

/**
 * Every file a new module needs, in stk's conventions, computed without writing anything: the package, its model
 * and views (the conventional endpoints drafted by api-new as a library call, on files that exist only here), the
 * admin page, the blueprint's registration and the sidebar entry (both inserted at places found by parsing).
 */
export async function planModule(bp: BlueprintProject, names: ModuleNames): Promise<ModulePlan> {
  const notes: string[] = [];
  if (!bp.registration) throw new UsageError(`no place registers blueprints in the app (app.register_blueprint(...) calls); register one by hand first, then scaffold`);
  const habits = await modelHabits(bp);
  const modelFile = `${names.folder}/models.py`;
  const viewsFile = `${names.folder}/views.py`;
  const drafts = new Map<string, string>([
    [modelFile, modelSource(names, habits.base, habits.decorator)],
    [viewsFile, viewsSkeleton(names, bp.api.authModule)],
  ]);
  const [modelResult, viewsApp] = await Promise.all([parseModelFile(drafts.get(modelFile)!, modelFile), parseAppFile(drafts.get(viewsFile)!, viewsFile)]);
  const model: ModelClass | undefined = modelClasses([modelResult]).find((item) => item.name === names.model);
  if (!model) throw new Error(`the drafted model ${names.model} could not be read back`);
  const files = [...bp.api.files, viewsApp];
  const api: ApiProject = { ...bp.api, models: [...bp.api.models, model], files, app: buildAppModel(files) };
  const read = (file: string) => drafts.get(file) ?? readFileSync(join(bp.project.root, file), 'utf8');
  const draft = await planApiNew(api, names.model, { read });
  if (draft.report.status === 'refused') throw new UsageError(draft.report.refused ?? 'api-new refused');
  for (const preview of draft.previews) drafts.set(preview.file, preview.after);
  notes.push(...draft.report.notes);

  const planned: PlannedFile[] = [
    { path: `${names.folder}/__init__.py`, before: null, after: '' },
    { path: modelFile, before: null, after: drafts.get(modelFile)! },
    { path: viewsFile, before: null, after: drafts.get(viewsFile)! },
    { path: names.templateFile, before: null, after: pageTemplate(model, names.api, layoutName(bp)) },
  ];
  const appSource = readFileSync(join(bp.project.root, bp.registration.file), 'utf8');
  planned.push({ path: bp.registration.file, before: appSource, after: await registrationChange(appSource, bp.registration, `${names.module}.views`, names.variable, bp.pkg) });
  const page = names.api.routes.find((route) => route.kind === 'page')!.rule;
  if (bp.navigation) {
    const edit = await navigationEdit(bp.navigation, { title: navigationTitle(names.api.plural), icon: 'ti ti-list', to: page });
    planned.push({ path: bp.navigation.file, before: bp.navigation.source, after: applyEdits(bp.navigation.source, [edit]) });
  } else notes.push(`no navigation script found under ${bp.pkg}/static/: add a sidebar entry for ${page} by hand`);
  return { files: planned, model: names.model, page, notes };
}

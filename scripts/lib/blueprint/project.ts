import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { routeAt } from '../api/context.js';
import { loadApiProject, type ApiProject } from '../api/project.js';
import type { Project } from '../discover/types.js';
import { revisionGraph } from '../migrate/graph.js';
import { loadMigrations } from '../migrate/load.js';
import { replayRevisions } from '../migrate/ops/replay.js';
import type { Operation } from '../migrate/ops/types.js';
import { loadModels } from '../models/load.js';
import { defaultReservedNames, moduleNames, nameShapeProblem, type ModuleNames } from './names.js';
import { loadNavigation, type Navigation } from './navigation.js';
import { registrationSite, type RegistrationSite } from './registration.js';
import { findScaffolder, type Scaffolder } from './scaffolder.js';

/** What the blueprint skill reads of a project: the API skill's view (models, app, habits) plus the wiring. */
export interface BlueprintProject {
  project: Project;
  api: ApiProject;
  /** The app package, relative to the root. */
  pkg: string;
  navigation: Navigation | undefined;
  scaffolder: Scaffolder | undefined;
  registration: RegistrationSite | undefined;
  /** Tables the migrations create by the heads (replayed from their operations, no database). */
  migratedTables: Set<string>;
  /** Every table the models declare (association tables included). */
  modelTables: Set<string>;
}

export async function loadBlueprintProject(project: Project): Promise<BlueprintProject> {
  const pkg = project.appPackage;
  if (!pkg) throw new Error('no app package found (a folder with extensions.py or models); set package = "<name>" in [tool.stk-migrate] of pyproject.toml');
  const [api, navigation, scaffolder, migrations, models] = await Promise.all([loadApiProject(project), loadNavigation(project), findScaffolder(project), loadMigrations(project), loadModels(project)]);
  const graph = revisionGraph(migrations.map((migration) => migration.header));
  const history = new Map<string, Operation[]>();
  for (const { header, upgradeOps } of migrations) if (header.revision !== null && !history.has(header.revision)) history.set(header.revision, upgradeOps);
  const schema = replayRevisions(graph, history, graph.heads, models.namingConvention);
  return {
    project,
    api,
    pkg,
    navigation,
    scaffolder,
    registration: registrationSite(api.app),
    migratedTables: new Set(schema.tables.keys()),
    modelTables: new Set(models.tables.map((table) => table.name)),
  };
}

/** The reserved names in force: the scaffolder's list when it has one, else ours. */
export function reservedNames(bp: BlueprintProject): { names: readonly string[]; source: string } {
  const listed = bp.scaffolder?.reserved;
  return listed ? { names: listed.names, source: `${listed.file}:${listed.line}` } : { names: defaultReservedNames, source: 'stk-blueprint' };
}

/** One thing a new module takes, and whether it is free. */
export interface NameCheck {
  what: string;
  value: string;
  /** Null when free, else what holds it. */
  takenBy: string | null;
}

export interface NameVerdict {
  name: string;
  /** Why the name cannot be used at all (shape, keyword, builtin, reserved), else null. */
  invalid: string | null;
  names: ModuleNames | null;
  checks: NameCheck[];
  /** The first reason it cannot be used: `invalid`, else the first taken check. */
  refusal: string | null;
}

/**
 * Lines that already wire a module called `names.name` although it does not exist (a module removed by hand):
 * registrations of a blueprint imported from its package, and sidebar entries under its URL names. Scaffolding
 * over them would register the blueprint twice and add a second sidebar entry.
 */
function leftoverWiring(bp: BlueprintProject, names: ModuleNames): string[] {
  const fromModule = (qualified: string) => qualified === names.module || qualified.startsWith(`${names.module}.`);
  const registrations = bp.api.files.flatMap((file) =>
    file.registrations.flatMap((registration) =>
      registration.targets.flatMap((target) => (target.kind === 'import' && fromModule(target.qualified) ? [`${file.file}:${registration.line} registers ${target.qualified.split('.').at(-1)} (imported from ${target.qualified.split('.').slice(0, -1).join('.')})`] : [])),
    ),
  );
  const imports = bp.api.files.flatMap((file) => (registrations.some((line) => line.startsWith(`${file.file}:`)) ? [] : Object.values(file.imports).filter(fromModule).map((qualified) => `${file.file} imports ${qualified}`)));
  const urlNames = [names.name, names.api.plural];
  const entries = (bp.navigation?.entries ?? []).filter((entry) => entry.to !== null && urlNames.includes(entry.to.replace(/^\/+/, '').split('/')[0] ?? ''));
  return [...registrations, ...imports, ...entries.map((entry) => `${bp.navigation!.file}:${entry.line} links ${entry.to}`)];
}

/** Whether `name` can name a new module: its shape, the reserved names, and every place it would take in the project. */
export function checkName(bp: BlueprintProject, name: string): NameVerdict {
  const shape = nameShapeProblem(name);
  const reserved = reservedNames(bp);
  const invalid = shape ?? (reserved.names.includes(name) ? `'${name}' is reserved (${reserved.source === 'stk-blueprint' ? 'a name stk itself uses' : `listed in ${reserved.source}`})` : null);
  if (invalid) return { name, invalid, names: null, checks: [], refusal: invalid };
  const names = moduleNames(name, bp.pkg);
  const { app } = bp.api;
  const folderTaken = [names.folder, `${names.folder}.py`].find((path) => existsSync(join(bp.project.root, path)));
  const blueprint = app.blueprints.find((item) => item.kind === 'blueprint' && (item.name === names.blueprint || item.variable === names.variable));
  const model = bp.api.models.find((item) => item.name === names.model);
  const tableTaken = bp.modelTables.has(names.table) ? 'a model' : bp.migratedTables.has(names.table) ? 'the migrations (no model declares it)' : null;
  const templateTaken = existsSync(join(bp.project.root, names.templateFile));
  const checks: NameCheck[] = [
    { what: 'module folder', value: `${names.folder}/`, takenBy: folderTaken ? `${folderTaken} exists` : null },
    { what: 'blueprint', value: `${names.blueprint} (${names.variable})`, takenBy: blueprint ? `blueprint ${blueprint.name ?? '?'} (${blueprint.variable}) at ${blueprint.file}:${blueprint.line}` : null },
    { what: 'model class', value: names.model, takenBy: model ? `${model.file}:${model.line}` : null },
    { what: 'table', value: names.table, takenBy: tableTaken },
    { what: 'template', value: names.templateFile, takenBy: templateTaken ? 'the file exists' : null },
    ...names.api.routes.map((route): NameCheck => {
      const existing = routeAt(app.routes, route.method, route.rule);
      return { what: 'route', value: `${route.method} ${route.rule}`, takenBy: existing ? `${existing.handler}() at ${existing.file}:${existing.line}` : null };
    }),
  ];
  // Only when no module takes the name: its own registration and sidebar entry are not leftovers.
  const leftovers = folderTaken ? [] : leftoverWiring(bp, names);
  if (leftovers.length > 0) {
    checks.push({
      what: 'wiring',
      value: `${names.variable}, /${names.api.plural}/`,
      takenBy: `${leftovers.join(', ')}: leftovers of a removed module, which scaffold would duplicate; delete them (imports included), or restore ${names.folder}/`,
    });
  }
  const prefix = app.blueprints.find((item) => item.urlPrefix !== null && [`/${name}`, `/${names.api.plural}`].includes(item.urlPrefix.replace(/\/+$/, '')));
  if (prefix) checks.push({ what: 'URL prefix', value: prefix.urlPrefix!, takenBy: `blueprint ${prefix.name ?? prefix.variable} at ${prefix.file}:${prefix.line}` });
  const taken = checks.find((check) => check.takenBy !== null);
  return { name, invalid: null, names, checks, refusal: taken ? `the ${taken.what} ${taken.value} is taken: ${taken.takenBy}` : null };
}

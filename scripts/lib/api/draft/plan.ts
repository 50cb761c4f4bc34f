import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImports, qualify } from '../../app/module.js';
import type { AppBlueprint } from '../../app/model.js';
import { readAppFile } from '../../app/read.js';
import { UsageError } from '../../cli/command.js';
import type { FileChange } from '../../edit/atomic.js';
import { ImportConflict, planImports } from '../../edit/python-imports.js';
import { NameResolver } from '../../edit/python-names.js';
import { applyEdits, endOfLine, startOfLine, type TextEdit } from '../../edit/text.js';
import type { ModelClass } from '../../models/classes.js';
import { firstSyntaxProblem, parsePython, type Node } from '../../parse/python.js';
import { buildApiContext, findModel, unknownModel, type PlannedRoute, type RouteSummary } from '../context.js';
import { apiNames, type EndpointKind } from '../names.js';
import { moduleOf, type ApiProject } from '../project.js';
import { endpointsCode } from './endpoints.js';
import { fromDictCode, toDictCode } from './model-methods.js';

export interface ApiNewOptions {
  /** `--blueprint`: a blueprint's name or variable. */
  blueprint?: string;
  /** Reads a project file (relative path): the disk by default; a caller drafting files not yet written (scaffold) gives their text. */
  read?: (file: string) => string;
}

export interface AddedRoute {
  kind: EndpointKind;
  method: string;
  path: string;
  handler: string;
  file: string;
  line: number;
}

/** What `api-new` did (or, refused, why): the `--format json` report. */
export interface ApiNewReport {
  model: string;
  blueprint: string | null;
  status: 'written' | 'dry-run' | 'refused';
  /** Why nothing was written, when refused. */
  refused: string | null;
  /** Existing routes that answer the conventional paths. */
  collisions: (PlannedRoute & { existing: RouteSummary })[];
  routes: AddedRoute[];
  /** `to_dict` / `from_dict`, when they were added to the model. */
  modelMethods: string[];
  files: string[];
  notes: string[];
}

export interface ApiNewPlan {
  report: ApiNewReport;
  changes: FileChange[];
  /** The new text of each changed file, for `--dry-run`. */
  previews: { file: string; before: string; after: string }[];
}

function topLevelStatements(root: Node): Node[] {
  return root.namedChildren.filter((node): node is Node => !!node && node.type !== 'comment');
}

function assignedName(statement: Node): { name: string; value: Node | null } | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  return left?.type === 'identifier' ? { name: left.text, value: assignment!.childForFieldName('right') } : undefined;
}

function definedFunctions(root: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of topLevelStatements(root)) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') names.add(definition.childForFieldName('name')?.text ?? '');
  }
  return names;
}

function isImport(node: Node): boolean {
  return node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement';
}

/** The file the blueprint's routes live in: where it is declared, unless its routes are all elsewhere. */
function viewsFile(api: ApiProject, blueprint: AppBlueprint): string {
  const counts = new Map<string, number>();
  for (const route of api.app.routes) if (route.blueprint === blueprint.id) counts.set(route.file, (counts.get(route.file) ?? 0) + 1);
  if (counts.size === 0 || counts.has(blueprint.file)) return blueprint.file;
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

async function parsedClean(source: string, file: string): Promise<Node> {
  const tree = await parsePython(source);
  const problem = firstSyntaxProblem(tree.rootNode);
  if (problem) throw new UsageError(`${file}:${problem.line}: ${problem.message}; fix the file before generating into it`);
  return tree.rootNode;
}

function importEdits(source: string, root: Node, file: string, resolver: NameResolver, firstParty: string | undefined): TextEdit[] {
  try {
    return planImports(source, root, file, resolver.needs, firstParty);
  } catch (error) {
    if (error instanceof ImportConflict) throw new UsageError(`${error.message}; rename it or adapt the draft by hand`);
    throw error;
  }
}

/** The edits to the views file: imports merged, logger and page-size constants when missing, the endpoints after the blueprint's last route. */
async function planViews(api: ApiProject, model: ModelClass, blueprint: AppBlueprint, file: string, kinds: EndpointKind[], read: (file: string) => string): Promise<{ before: string; after: string }> {
  const source = read(file);
  const root = await parsedClean(source, file);
  const names = apiNames(model.name);
  const clash = names.routes.filter((route) => kinds.includes(route.kind) && definedFunctions(root).has(route.handler));
  if (clash.length > 0) throw new UsageError(`${file} already defines ${clash.map((route) => `${route.handler}()`).join(', ')}; rename it, or adapt it by hand`);

  const bindings = readImports(root, file);
  const resolver = new NameResolver(bindings);
  const statements = topLevelStatements(root);
  const assigned = statements.flatMap((statement) => {
    const found = assignedName(statement);
    return found ? [{ statement, ...found }] : [];
  });
  const logger = assigned.find((item) => item.value?.type === 'call' && qualify(bindings, item.value.childForFieldName('function')) === 'logging.getLogger');
  const loggerName = logger?.name ?? 'log';
  const has = (name: string) => assigned.some((item) => item.name === name);
  const blueprintStatement = assigned.find((item) => item.name === blueprint.variable && item.value?.type === 'call')?.statement;
  const lastImport = statements.filter(isImport).at(-1);

  const code = endpointsCode(
    {
      model,
      modelModule: moduleOf(model.file),
      names,
      blueprint: blueprint.variable,
      blueprintAuth: blueprint.auth.length > 0,
      authModule: api.authModule,
      serializer: api.serializer,
      activity: api.activity ? { name: api.activity.name, module: moduleOf(api.activity.file) } : undefined,
      logger: loggerName,
      perPage: 'PER_PAGE',
      maxPerPage: 'MAX_PER_PAGE',
      kinds,
    },
    resolver,
  );

  const edits: TextEdit[] = [];
  const anchor = blueprintStatement ?? lastImport;
  if (!logger && kinds.some((kind) => kind !== 'page' && kind !== 'list')) {
    if (has(loggerName)) throw new UsageError(`${file} uses the name ${loggerName} for something other than a logger; the draft logs through it`);
    const logging = resolver.use('logging');
    const at = blueprintStatement ? startOfLine(source, blueprintStatement.startIndex) : anchor ? endOfLine(source, anchor.endIndex) : 0;
    edits.push({ start: at, end: at, text: blueprintStatement ? `${loggerName} = ${logging}.getLogger(__name__)\n\n` : `\n${loggerName} = ${logging}.getLogger(__name__)\n` });
  }
  if (kinds.includes('list')) {
    const constants = [has('PER_PAGE') ? '' : 'PER_PAGE = 25', has('MAX_PER_PAGE') ? '' : 'MAX_PER_PAGE = 100'].filter(Boolean);
    if (constants.length > 0) {
      const at = anchor ? anchor.endIndex : 0;
      edits.push({ start: at, end: at, text: `\n\n${constants.join('\n')}` });
    }
  }
  const routeStatements = statements.filter((statement) =>
    api.app.routes.some((route) => route.blueprint === blueprint.id && route.file === file && route.line - 1 >= statement.startPosition.row && route.line - 1 <= statement.endPosition.row),
  );
  const after = routeStatements.at(-1) ?? statements.at(-1);
  const at = after ? after.endIndex : source.length;
  edits.push({ start: at, end: at, text: `${after ? '\n\n\n' : ''}${code.trimEnd()}` });
  edits.push(...importEdits(source, root, file, resolver, api.project.appPackage));
  let result = applyEdits(source, edits);
  if (!result.endsWith('\n')) result += '\n';
  return { before: source, after: result };
}

/** The edits to the model's file: to_dict and/or from_dict appended to its class body. */
async function planModel(api: ApiProject, model: ModelClass, add: { toDict: boolean; fromDict: boolean }, read: (file: string) => string): Promise<{ before: string; after: string } | undefined> {
  if (!add.toDict && !add.fromDict) return undefined;
  const source = read(model.file);
  const root = await parsedClean(source, model.file);
  const definition = root
    .descendantsOfType('class_definition')
    .find((node) => node?.childForFieldName('name')?.text === model.name && node.startPosition.row + 1 === model.line);
  const body = definition?.childForFieldName('body');
  const last = body?.namedChildren.filter((node): node is Node => !!node).at(-1);
  if (!body || !last) throw new UsageError(`${model.file}:${model.line}: cannot find the body of class ${model.name}`);
  const indent = ' '.repeat(body.namedChildren[0]!.startPosition.column);
  const resolver = new NameResolver(readImports(root, model.file));
  const methods = [add.toDict ? toDictCode(model, indent) : '', add.fromDict ? fromDictCode(model, indent, resolver) : ''].filter(Boolean);
  const edits: TextEdit[] = [{ start: last.endIndex, end: last.endIndex, text: `\n\n${methods.join('\n\n')}` }, ...importEdits(source, root, model.file, resolver, api.project.appPackage)];
  return { before: source, after: applyEdits(source, edits) };
}

/** Lines of the generated handlers in the new views source. */
async function addedRoutes(after: string, file: string, planned: PlannedRoute[]): Promise<AddedRoute[]> {
  const tree = await parsePython(after);
  try {
    const handlers = readAppFile(tree.rootNode, file).handlers;
    return planned.map((route) => ({ kind: route.kind, method: route.method, path: route.path, handler: route.handler, file, line: handlers.find((handler) => handler.function === route.handler)?.line ?? 1 }));
  } finally {
    tree.delete();
  }
}

/**
 * What `api-new <Model>` writes: the conventional endpoints in the blueprint's views file and, when the model lacks
 * them, to_dict/from_dict; or a refusal (nothing written) when any of those routes already exists.
 */
export async function planApiNew(api: ApiProject, modelName: string, options: ApiNewOptions = {}): Promise<ApiNewPlan> {
  const model = findModel(api, modelName);
  if (!model) throw new UsageError(unknownModel(api, modelName));
  const context = buildApiContext(api, model, options.blueprint);
  const blueprint = api.app.blueprints.find((item) => item.kind === 'blueprint' && item.variable === context.blueprint?.variable && item.file === context.blueprint?.file);
  if (!blueprint) throw new UsageError(`${model.name}: ${context.blueprintProblem ?? 'no blueprint found'}`);
  const report: ApiNewReport = { model: model.name, blueprint: blueprint.name, status: 'dry-run', refused: null, collisions: [], routes: [], modelMethods: [], files: [], notes: [...context.notes] };
  const collisions = context.planned.filter((route): route is PlannedRoute & { existing: RouteSummary } => route.existing !== null && route.kind !== 'page');
  if (collisions.length > 0) {
    report.status = 'refused';
    report.collisions = collisions;
    report.refused = `${collisions.map((route) => `${route.method} ${route.path} is already ${route.existing.handler}() at ${route.existing.file}:${route.existing.line}`).join('; ')}; nothing was written`;
    report.notes = report.notes.filter((note) => !note.startsWith('api-new refuses'));
    return { report, changes: [], previews: [] };
  }
  const planned = context.planned.filter((route) => route.existing === null);
  const kinds = planned.map((route) => route.kind);
  const file = viewsFile(api, blueprint);
  const read = options.read ?? ((path: string) => readFileSync(join(api.project.root, path), 'utf8'));
  const views = await planViews(api, model, blueprint, file, kinds, read);
  const add = { toDict: context.model.toDict === null, fromDict: context.model.fromDict === null };
  const modelChange = await planModel(api, model, add, read);
  const previews = [{ file, ...views }, ...(modelChange ? [{ file: model.file, ...modelChange }] : [])];
  for (const preview of previews) {
    const root = (await parsePython(preview.after)).rootNode;
    const problem = firstSyntaxProblem(root);
    if (problem) throw new Error(`the draft for ${preview.file} does not parse (line ${problem.line}: ${problem.message}); nothing was written`);
  }
  report.routes = await addedRoutes(views.after, file, planned);
  report.modelMethods = [...(add.toDict ? ['to_dict'] : []), ...(add.fromDict ? ['from_dict'] : [])];
  report.files = previews.map((preview) => preview.file);
  return { report, changes: previews.map((preview) => ({ path: join(api.project.root, preview.file), before: preview.before, after: preview.after })), previews };
}

import type { AppBlueprint, AppRoute } from '../app/model.js';
import { integerIdShapes, joinPath, methodsOverlap, routeShape } from '../app/paths.js';
import type { ModelMethod, ModelRelationship } from '../models/members.js';
import type { ModelClass } from '../models/classes.js';
import type { ModelColumn } from '../models/parse.js';
import { closeMatches } from '../text/closest.js';
import { apiNames, type ApiNames, type EndpointKind } from './names.js';
import { blueprintFor, type ApiProject } from './project.js';
import { isSensitiveColumn, sensitiveColumns } from './sensitive.js';

/** A model method the API relies on, and which columns it covers. */
export interface MethodCoverage {
  line: number;
  async: boolean;
  kind: ModelMethod['kind'];
  /** Columns it reads (to_dict) or sets (from_dict). */
  covers: string[];
  missing: string[];
}

export interface RouteSummary {
  methods: string[];
  path: string | null;
  handler: string;
  file: string;
  line: number;
  blueprint: string | null;
  auth: string;
}

export interface PlannedRoute {
  kind: EndpointKind;
  method: string;
  /** The rule the blueprint would declare, and the full path it gets. */
  rule: string;
  path: string;
  handler: string;
  /** A route of the app that already answers this method and path. */
  existing: RouteSummary | null;
}

export interface ApiContext {
  model: {
    name: string;
    file: string;
    line: number;
    table: string;
    columns: ModelColumn[];
    relationships: ModelRelationship[];
    toDict: MethodCoverage | null;
    fromDict: MethodCoverage | null;
    /** Text columns the list endpoint searches with `ilike`. */
    searchColumns: string[];
    /** Columns holding secrets (`isSensitiveColumn`), which the draft leaves out of to_dict, from_dict and the search. */
    sensitiveColumns: string[];
    /** Columns a create must be given: NOT NULL without a default, not the primary key. */
    requiredColumns: string[];
  };
  names: Pick<ApiNames, 'singular' | 'plural' | 'template'>;
  blueprint: (Pick<AppBlueprint, 'variable' | 'name' | 'file' | 'line' | 'urlPrefix' | 'registered'> & { auth: string[] }) | null;
  /** Why no blueprint was chosen. */
  blueprintProblem: string | null;
  /** Routes whose handlers use the model. */
  routes: RouteSummary[];
  planned: PlannedRoute[];
  conventions: {
    serializer: ApiProject['serializer'];
    authModule: string;
    activity: { name: string; file: string; line: number } | null;
  };
  notes: string[];
}

const textTypes = new Set(['String', 'Text', 'Unicode', 'UnicodeText', 'VARCHAR', 'CHAR', 'TEXT']);

function isTextColumn(column: ModelColumn): boolean {
  return column.type !== null && textTypes.has(column.type) && !column.foreignKey;
}

/** The text columns the list endpoint searches: never a secret, which `ilike` would let a client guess piece by piece. */
export function searchColumns(model: ModelClass): ModelColumn[] {
  return model.columns.filter((column) => isTextColumn(column) && !isSensitiveColumn(column));
}

/** NOT NULL columns without a default that a create must set (the primary key is the database's). */
export function requiredColumns(model: ModelClass): ModelColumn[] {
  return model.columns.filter((column) => !column.primaryKey && !column.nullable && column.default === null && column.serverDefault === null);
}

function codeList(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}

function them(names: readonly unknown[]): string {
  return names.length === 1 ? 'it' : 'them';
}

/** What the draft does with the model's secrets, and where the model's own methods hand them out. */
function sensitiveNotes(model: ModelClass, toDict: MethodCoverage | null, fromDict: MethodCoverage | null): string[] {
  const sensitive = sensitiveColumns(model).map((column) => column.name);
  if (sensitive.length === 0) return [];
  const skipped = ['the search', ...(toDict ? [] : ['to_dict (so the list and the activity log)']), ...(fromDict ? [] : ['from_dict (what a client may set)'])];
  const required = requiredColumns(model).filter(isSensitiveColumn).map((column) => column.name);
  const notes = [
    `${codeList(sensitive)} hold${sensitive.length === 1 ? 's a secret' : ' secrets'} (named like a password, token, key, hash or salt): api-new leaves ${them(sensitive)} out of ${skipped.length > 1 ? `${skipped.slice(0, -1).join(', ')} and ${skipped.at(-1)}` : skipped[0]}; the handler sets ${them(sensitive)} itself (hash a password, generate a token)${required.length > 0 ? `, and a create fails until it sets ${codeList(required)} (NOT NULL, no default)` : ''}`,
  ];
  const read = toDict?.covers.filter((name) => sensitive.includes(name)) ?? [];
  if (read.length > 0) notes.push(`${model.name}.to_dict reads ${codeList(read)}: keep ${them(read)} out of what it returns, or every list response and activity row carries ${them(read)}`);
  const set = fromDict?.covers.filter((name) => sensitive.includes(name)) ?? [];
  if (set.length > 0) notes.push(`${model.name}.from_dict sets ${codeList(set)} as the client sent ${them(set)}: hash or generate ${them(set)} in the handler instead`);
  return notes;
}

function coverage(model: ModelClass, name: string, field: 'reads' | 'assigns'): MethodCoverage | null {
  const method = model.methods.find((item) => item.name === name);
  if (!method) return null;
  const touched = new Set(field === 'reads' ? [...method.reads, ...method.returnedKeys] : method.assigns);
  const columns = model.columns.map((column) => column.name);
  return { line: method.line, async: method.async, kind: method.kind, covers: columns.filter((column) => touched.has(column)), missing: columns.filter((column) => !touched.has(column)) };
}

export function summarizeRoute(route: AppRoute): RouteSummary {
  return { methods: route.methods, path: route.path, handler: route.handler, file: route.file, line: route.line, blueprint: route.blueprintName, auth: route.auth.source };
}

/**
 * The app's route answering `method` on `path` (same shape, variable names aside), if any; a trailing `<int:id>` is
 * also answered by `<id>`, `<string:id>` or `<path:id>`, which match `/1` too.
 */
export function routeAt(routes: readonly AppRoute[], method: string, path: string): AppRoute | undefined {
  for (const shape of integerIdShapes(path)) {
    const route = routes.find((candidate) => candidate.path !== null && routeShape(candidate.path) === shape && methodsOverlap(candidate.methods, [method]).length > 0);
    if (route) return route;
  }
  return undefined;
}

export function findModel(api: ApiProject, name: string): ModelClass | undefined {
  return api.models.find((model) => model.name === name) ?? api.models.find((model) => model.name.toLowerCase() === name.toLowerCase());
}

/** An unknown model name: the one-line answer, with the close matches. */
export function unknownModel(api: ApiProject, name: string): string {
  const matches = closeMatches(name, api.models.map((model) => model.name));
  const all = api.models.map((model) => model.name).join(', ') || 'none';
  return `no model class called ${name}${matches.length > 0 ? `; did you mean ${matches.join(', ')}?` : ''} (models: ${all})`;
}

/** Everything `/stk-api <Model>` needs to know, and what `api-new` will generate, without booting the app. */
export function buildApiContext(api: ApiProject, model: ModelClass, requestedBlueprint?: string): ApiContext {
  const names = apiNames(model.name);
  const { blueprint, reason } = blueprintFor(api, model, requestedBlueprint);
  const routes = api.app.routes.filter((route) => route.names.includes(model.name));
  const planned = names.routes.map((route): PlannedRoute => {
    const path = joinPath(blueprint?.urlPrefix, route.rule);
    const existing = routeAt(api.app.routes, route.method, path);
    return { kind: route.kind, method: route.method, rule: route.rule, path, handler: route.handler, existing: existing ? summarizeRoute(existing) : null };
  });
  const toDict = coverage(model, 'to_dict', 'reads');
  const fromDict = coverage(model, 'from_dict', 'assigns');
  const notes: string[] = [];
  if (fromDict && (fromDict.kind !== 'instance' || !fromDict.async)) {
    notes.push(`${model.name}.from_dict is ${fromDict.kind === 'instance' ? 'not async' : `a ${fromDict.kind}`}: stk calls it as \`await ${names.singular}.from_dict(data)\` on an instance; make it \`async def from_dict(self, data)\` returning self`);
  }
  notes.push(...sensitiveNotes(model, toDict, fromDict));
  if (!api.activity) notes.push('no Activity model with a register() method: mutations cannot be logged the stk way');
  for (const relationship of model.relationships) {
    if (relationship.lazy !== 'selectin') notes.push(`relationship ${model.name}.${relationship.name} is lazy=${relationship.lazy ?? 'select (default)'}: to_dict() touching it under async raises; use lazy="selectin"`);
  }
  const clashes = planned.filter((route) => route.existing && route.kind !== 'page');
  if (clashes.length > 0) notes.push(`api-new refuses while ${clashes.map((route) => `${route.method} ${route.path}`).join(', ')} already exist${clashes.length === 1 ? 's' : ''}: adapt the existing handlers instead`);
  if (!model.columns.some((column) => column.primaryKey && column.name === 'id')) notes.push(`${model.name} has no integer primary key called id: the conventional <int:id> routes need adapting`);
  return {
    model: {
      name: model.name,
      file: model.file,
      line: model.line,
      table: model.table,
      columns: model.columns,
      relationships: model.relationships,
      toDict,
      fromDict,
      searchColumns: searchColumns(model).map((column) => column.name),
      sensitiveColumns: sensitiveColumns(model).map((column) => column.name),
      requiredColumns: requiredColumns(model).map((column) => column.name),
    },
    names: { singular: names.singular, plural: names.plural, template: names.template },
    blueprint: blueprint
      ? { variable: blueprint.variable, name: blueprint.name, file: blueprint.file, line: blueprint.line, urlPrefix: blueprint.urlPrefix, registered: blueprint.registered, auth: blueprint.auth.flatMap((hook) => hook.decorators.map((decorator) => decorator.text)) }
      : null,
    blueprintProblem: reason ?? null,
    routes: routes.map(summarizeRoute),
    planned,
    conventions: { serializer: api.serializer, authModule: api.authModule, activity: api.activity ? { name: api.activity.name, file: api.activity.file, line: api.activity.line } : null },
    notes,
  };
}

import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { BootFailure, withBootedApp, type AppRequest, type AppResponse, type BootedApp } from '../../app/boot.js';
import { UsageError } from '../../cli/errors.js';
import type { Finding } from '../../findings/schema.js';
import { summarize } from '../../findings/summary.js';
import type { ModelClass } from '../../models/classes.js';
import { buildApiContext, type ApiContext, type PlannedRoute } from '../context.js';
import type { EndpointKind } from '../names.js';
import type { ApiProject } from '../project.js';
import { foreignTarget, synthesize, type Synthesis } from './values.js';

export const smokeSteps = ['boot', 'create', 'list', 'search', 'paging', 'update', 'unauthenticated', 'delete', 'not-found'] as const;
export type SmokeStep = (typeof smokeSteps)[number];

export interface StepResult {
  step: SmokeStep;
  ok: boolean;
  /** Skipped steps say why in `problems`. */
  skipped: boolean;
  requests: SentRequest[];
  problems: string[];
  /** For each problem, the index of the request it is about (the last one sent when it was found). */
  problemRequests: number[];
}

export interface SentRequest {
  method: string;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  signed: boolean;
  status: number;
  /** The route it was sent to, where a finding about it points. */
  endpoint: EndpointKind;
  /** What the app logged while answering this request, cut to the project's frames and the exception, one list per traceback. */
  tracebacks: string[][];
}

export interface SmokeReport {
  model: string;
  app: { source: string; admin: string | null };
  steps: StepResult[];
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number };
}

export interface SmokeOptions {
  blueprint?: string;
  timeoutSeconds: number;
}

const refusedStatuses = new Set([401, 403, 302, 303, 307, 308]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return Boolean(a) === Boolean(b) && (typeof a === 'boolean' || a === 0 || a === 1) && (typeof b === 'boolean' || b === 0 || b === 1);
  return a === b;
}

const help: Record<SmokeStep, string> = {
  boot: 'make the app boot on an empty database upgraded to head (python checks.py shows the same failure), then run api-smoke again',
  create: 'read the body with `(await request.json).get("item", {})`, `await <obj>.from_dict(data)`, `g.db_session.add(...)`, `await g.db_session.flush()`, log with `Activity.register`, then `await g.db_session.commit()`; answer `{"message": ...}`',
  list: 'answer `{"items": [...], "total": N, "perPage": N}` from `select(Model)` with `offset((page - 1) * per_page).limit(per_page)` and a `func.count()` total',
  search: 'filter with `Model.<text column>.ilike(f"%{search}%")` on the `search` query argument, the list and the count alike',
  paging: 'read `page` and `per_page` with `request.args.get(..., type=int)`, clamp page to at least 1 and per_page between 1 and a maximum, and answer `perPage`',
  update: 'fetch with `await g.db_session.get(Model, id)`, keep `old = obj.to_dict()`, `await obj.from_dict(data)`, log `{"old": old, "new": obj.to_dict()}` with `Activity.register`, then `await g.db_session.commit()`',
  unauthenticated: 'require auth: a `before_request` handler of the blueprint decorated with `@auth_required("session")` and `@roles_required("admin")`, or those decorators on each route',
  delete: 'fetch, 404 when missing, log with `Activity.register`, `await g.db_session.delete(obj)`, then `await g.db_session.commit()`',
  'not-found': 'after `obj = await g.db_session.get(Model, id)`, answer `{"message": "... not found."}, 404` when `obj is None`',
};

class SmokeRun {
  readonly steps: StepResult[] = [];
  readonly token = randomBytes(5).toString('hex');
  private activityTable: string | undefined;

  constructor(
    private readonly api: ApiProject,
    private readonly model: ModelClass,
    private readonly context: ApiContext,
    private readonly app: BootedApp,
  ) {
    this.activityTable = api.activity?.table;
  }

  private route(kind: EndpointKind): PlannedRoute | undefined {
    const planned = this.context.planned.find((route) => route.kind === kind);
    return planned?.existing ? planned : undefined;
  }

  private begin(step: SmokeStep): StepResult {
    const result: StepResult = { step, ok: true, skipped: false, requests: [], problems: [], problemRequests: [] };
    this.steps.push(result);
    return result;
  }

  private skip(step: SmokeStep, why: string): void {
    this.steps.push({ step, ok: true, skipped: true, requests: [], problems: [why], problemRequests: [-1] });
  }

  private fail(result: StepResult, problem: string): void {
    result.ok = false;
    result.problems.push(problem);
    result.problemRequests.push(result.requests.length - 1);
  }

  private async send(result: StepResult, endpoint: EndpointKind, request: AppRequest): Promise<AppResponse> {
    const response = await this.app.request(request);
    result.requests.push({
      method: request.method,
      path: request.path,
      ...(request.query ? { query: request.query } : {}),
      ...(request.json !== undefined ? { body: request.json } : {}),
      signed: request.signed !== false,
      status: response.status,
      endpoint,
      tracebacks: response.errors,
    });
    return response;
  }

  /** Why a step cannot run for want of the `kind` route: the request it would send. */
  private missing(kind: EndpointKind): string {
    const planned = this.context.planned.find((route) => route.kind === kind)!;
    return `no ${kind} route answers ${planned.method} ${planned.path}`;
  }

  /** `hint` follows the problem, for a cause the status alone does not show. */
  private expectStatus(result: StepResult, response: AppResponse, expected: number[], what: string, hint?: string): boolean {
    if (expected.includes(response.status)) return true;
    const said = isObject(response.json) && typeof response.json.message === 'string' ? ` (${response.json.message})` : '';
    this.fail(result, `${what} answered ${response.status}${said}, expected ${expected.join(' or ')}${hint ? `; ${hint}` : ''}`);
    return false;
  }

  private expectMessage(result: StepResult, response: AppResponse, what: string): void {
    if (!isObject(response.json) || typeof response.json.message !== 'string') this.fail(result, `${what} answered ${response.isJson ? JSON.stringify(response.json).slice(0, 120) : `non-JSON (${response.contentType || 'no content type'})`}, expected {"message": "..."}`);
  }

  private path(route: PlannedRoute, id?: unknown): string {
    return id === undefined ? route.path : route.path.replace(/<(?:[A-Za-z_]\w*:)?[A-Za-z_]\w*>/, String(id));
  }

  private async activityCount(): Promise<number | undefined> {
    return this.activityTable ? this.app.count(this.activityTable) : undefined;
  }

  private async expectLogged(result: StepResult, before: number | undefined, what: string): Promise<void> {
    if (before === undefined) return;
    const after = await this.activityCount();
    if (after !== before + 1) this.fail(result, `${what} wrote ${after! - before} ${this.api.activity!.name} rows, expected one (Activity.register before the commit)`);
  }

  private get pk(): string {
    return this.model.columns.find((column) => column.primaryKey)?.name ?? 'id';
  }

  private async ids(): Promise<unknown[]> {
    return (await this.app.rows(this.model.table)).map((row) => row[this.pk]);
  }

  async create(synthesis: Synthesis): Promise<unknown> {
    const route = this.route('create');
    if (!route) {
      this.skip('create', this.missing('create'));
      return undefined;
    }
    const result = this.begin('create');
    if (synthesis.unsupported.length > 0) this.fail(result, `no value could be made for the required column(s) ${synthesis.unsupported.join(', ')}`);
    const before = await this.ids();
    const logged = await this.activityCount();
    const response = await this.send(result, 'create', { method: 'POST', path: this.path(route), json: { item: synthesis.values } });
    const withheld = synthesis.withheld.length > 0 ? `api-smoke sends no secret, so not ${synthesis.withheld.join(', ')} (NOT NULL): the handler must set ${synthesis.withheld.length === 1 ? 'it' : 'them'}` : undefined;
    if (!this.expectStatus(result, response, [200, 201], `POST ${route.path}`, withheld)) return undefined;
    this.expectMessage(result, response, `POST ${route.path}`);
    const added = (await this.ids()).filter((id) => !before.includes(id));
    if (added.length !== 1) {
      this.fail(result, `${added.length} new ${this.model.table} rows in the database after the create, expected 1 (commit missing?)`);
      return undefined;
    }
    const id = added[0];
    if (isObject(response.json) && 'id' in response.json && response.json.id !== id) this.fail(result, `the response names id ${JSON.stringify(response.json.id)}, the new row is ${JSON.stringify(id)}`);
    const [row] = await this.app.rows(this.model.table, { [this.pk]: id });
    for (const column of synthesis.compared) {
      if (!same(row?.[column], synthesis.values[column])) this.fail(result, `column ${column} holds ${JSON.stringify(row?.[column])}, the request sent ${JSON.stringify(synthesis.values[column])} (from_dict does not set it?)`);
    }
    await this.expectLogged(result, logged, 'the create');
    return id;
  }

  private listShape(result: StepResult, response: AppResponse, what: string): { items: Record<string, unknown>[]; total: unknown; perPage: unknown } | undefined {
    const body = response.json;
    if (!isObject(body) || !Array.isArray(body.items) || !Number.isInteger(body.total) || !Number.isInteger(body.perPage)) {
      this.fail(result, `${what} answered ${response.isJson ? JSON.stringify(body).slice(0, 160) : 'non-JSON'}, expected {"items": [...], "total": <int>, "perPage": <int>}`);
      return undefined;
    }
    return { items: body.items.filter(isObject), total: body.total, perPage: body.perPage };
  }

  private listed(items: Record<string, unknown>[], id: unknown): boolean {
    return items.some((item) => item[this.pk] === id || item.id === id);
  }

  async list(id: unknown): Promise<void> {
    const route = this.route('list');
    if (!route) return this.skip('list', this.missing('list'));
    const result = this.begin('list');
    const response = await this.send(result, 'list', { method: 'GET', path: route.path, query: { page: 1, per_page: 100 } });
    if (!this.expectStatus(result, response, [200], `GET ${route.path}`)) return;
    const body = this.listShape(result, response, `GET ${route.path}`);
    if (!body) return;
    const rows = await this.app.count(this.model.table);
    if (body.total !== rows) this.fail(result, `total is ${String(body.total)}, the table holds ${rows} rows`);
    if (id !== undefined && !this.listed(body.items, id)) this.fail(result, `the new row (${this.pk} ${JSON.stringify(id)}) is not among the items`);
  }

  async search(id: unknown, synthesis: Synthesis): Promise<void> {
    const route = this.route('list');
    if (!route || id === undefined || !synthesis.search) return this.skip('search', !synthesis.search ? 'no text column to search' : !route ? this.missing('list') : 'needs a created row');
    const result = this.begin('search');
    const found = await this.send(result, 'list', { method: 'GET', path: route.path, query: { search: synthesis.search.fragment } });
    if (this.expectStatus(result, found, [200], `GET ${route.path}?search=`)) {
      const body = this.listShape(result, found, `GET ${route.path}?search=`);
      if (body && !this.listed(body.items, id)) this.fail(result, `searching for "${synthesis.search.fragment}" (part of ${synthesis.search.column}) does not find the new row`);
    }
    const nothing = await this.send(result, 'list', { method: 'GET', path: route.path, query: { search: `zz${this.token}no-such-text` } });
    if (this.expectStatus(result, nothing, [200], `GET ${route.path}?search=`)) {
      const body = this.listShape(result, nothing, `GET ${route.path}?search=`);
      if (body && (this.listed(body.items, id) || body.total !== body.items.length)) this.fail(result, 'a search that matches nothing still lists the new row: the search argument is ignored, or the count is not filtered');
    }
  }

  async paging(): Promise<void> {
    const route = this.route('list');
    if (!route) return this.skip('paging', this.missing('list'));
    const result = this.begin('paging');
    const one = await this.send(result, 'list', { method: 'GET', path: route.path, query: { page: 1, per_page: 1 } });
    if (this.expectStatus(result, one, [200], `GET ${route.path}?per_page=1`)) {
      const body = this.listShape(result, one, `GET ${route.path}?per_page=1`);
      if (body && body.items.length > 1) this.fail(result, `per_page=1 returned ${body.items.length} items`);
      if (body && body.perPage !== 1) this.fail(result, `per_page=1 answered perPage ${String(body.perPage)}`);
    }
    const past = await this.send(result, 'list', { method: 'GET', path: route.path, query: { page: 100000, per_page: 1 } });
    if (this.expectStatus(result, past, [200], `GET ${route.path}?page=100000`)) {
      const body = this.listShape(result, past, `GET ${route.path}?page=100000`);
      if (body && body.items.length > 0) this.fail(result, 'a page past the end still returns items: the offset is not applied');
    }
    const zero = await this.send(result, 'list', { method: 'GET', path: route.path, query: { page: 0, per_page: 1 } });
    this.expectStatus(result, zero, [200], `GET ${route.path}?page=0`);
  }

  async update(id: unknown, synthesis: Synthesis): Promise<void> {
    const route = this.route('update');
    if (!route || id === undefined) return this.skip('update', route ? 'needs a created row' : this.missing('update'));
    const result = this.begin('update');
    const change = synthesis.change;
    const logged = await this.activityCount();
    const response = await this.send(result, 'update', { method: 'POST', path: this.path(route, id), json: { item: change ? { [change.column]: change.value } : {} } });
    if (!this.expectStatus(result, response, [200], `POST ${this.path(route, id)}`)) return;
    this.expectMessage(result, response, `POST ${this.path(route, id)}`);
    if (change) {
      const [row] = await this.app.rows(this.model.table, { [this.pk]: id });
      if (!same(row?.[change.column], change.value)) this.fail(result, `column ${change.column} still holds ${JSON.stringify(row?.[change.column])} after the update, not ${JSON.stringify(change.value)}: the change is not in the database (commit missing?)`);
    }
    await this.expectLogged(result, logged, 'the update');
  }

  async unauthenticated(id: unknown, synthesis: Synthesis): Promise<void> {
    const requests: [EndpointKind, AppRequest][] = [];
    const list = this.route('list');
    const create = this.route('create');
    const update = this.route('update');
    const remove = this.route('delete');
    if (list) requests.push(['list', { method: 'GET', path: list.path, signed: false }]);
    if (create) requests.push(['create', { method: 'POST', path: create.path, json: { item: synthesis.values }, signed: false }]);
    if (update && id !== undefined) requests.push(['update', { method: 'POST', path: this.path(update, id), json: { item: synthesis.change ? { [synthesis.change.column]: synthesis.change.value } : {} }, signed: false }]);
    if (remove && id !== undefined) requests.push(['delete', { method: 'DELETE', path: this.path(remove, id), signed: false }]);
    if (requests.length === 0) return this.skip('unauthenticated', 'no route to call without a session');
    const result = this.begin('unauthenticated');
    const rowsBefore = await this.app.rows(this.model.table);
    for (const [kind, request] of requests) {
      const response = await this.send(result, kind, request);
      if (!refusedStatuses.has(response.status)) this.fail(result, `${request.method} ${request.path} without a session answered ${response.status}, expected 401 or 403 (the ${kind} route has no auth)`);
    }
    const rowsAfter = await this.app.rows(this.model.table);
    if (JSON.stringify(rowsAfter) !== JSON.stringify(rowsBefore)) this.fail(result, `requests without a session changed the ${this.model.table} table`);
  }

  async delete(id: unknown): Promise<void> {
    const route = this.route('delete');
    if (!route || id === undefined) return this.skip('delete', route ? 'needs a created row' : this.missing('delete'));
    const result = this.begin('delete');
    const logged = await this.activityCount();
    const response = await this.send(result, 'delete', { method: 'DELETE', path: this.path(route, id) });
    if (!this.expectStatus(result, response, [200, 204], `DELETE ${this.path(route, id)}`)) return;
    if (response.status === 200) this.expectMessage(result, response, `DELETE ${this.path(route, id)}`);
    if ((await this.app.rows(this.model.table, { [this.pk]: id })).length > 0) this.fail(result, 'the row is still in the database after the delete (commit missing?)');
    await this.expectLogged(result, logged, 'the delete');
  }

  async notFound(id: unknown): Promise<void> {
    const update = this.route('update');
    const remove = this.route('delete');
    if (!update && !remove) return this.skip('not-found', `${this.missing('update')}, ${this.missing('delete')}`);
    const missing = id ?? 2_000_000_000;
    if ((await this.app.rows(this.model.table, { [this.pk]: missing })).length > 0) return this.skip('not-found', `the row with ${this.pk} ${JSON.stringify(missing)} still exists`);
    const result = this.begin('not-found');
    if (update) {
      const response = await this.send(result, 'update', { method: 'POST', path: this.path(update, missing), json: { item: {} } });
      this.expectStatus(result, response, [404], `POST ${this.path(update, missing)} for a row that does not exist`);
    }
    if (remove) {
      const response = await this.send(result, 'delete', { method: 'DELETE', path: this.path(remove, missing) });
      this.expectStatus(result, response, [404], `DELETE ${this.path(remove, missing)} for a row that does not exist`);
    }
  }

}

/** The tables the smoke reads and writes (the model's, its foreign keys' parents') that the database at head lacks. */
async function missingTables(app: BootedApp, model: ModelClass): Promise<string[]> {
  const present = new Set(await app.tables());
  const needed = [model.table, ...model.columns.flatMap((column) => foreignTarget(column)?.table ?? [])];
  return [...new Set(needed)].filter((table) => !present.has(table));
}

/** Values for the model's foreign keys: rows of the parent tables, created in the throwaway database when there are none. */
export async function parentValues(app: BootedApp, model: ModelClass): Promise<Map<string, unknown>> {
  const parents = new Map<string, unknown>();
  for (const column of model.columns) {
    const target = foreignTarget(column);
    if (!target) continue;
    const row = await app.parentRow(target.table);
    parents.set(column.name, row[target.column]);
  }
  return parents;
}

export function requestText(request: StepResult['requests'][number]): string {
  const query = request.query ? `?${new URLSearchParams(Object.entries(request.query).map(([key, value]) => [key, String(value)]))}` : '';
  const body = request.body !== undefined ? ` ${JSON.stringify(request.body).slice(0, 200)}` : '';
  return `${request.method} ${request.path}${query}${body}${request.signed ? '' : ' (no session)'}`;
}

const stepEndpoint: Record<SmokeStep, EndpointKind | undefined> = { boot: undefined, create: 'create', list: 'list', search: 'list', paging: 'list', update: 'update', unauthenticated: undefined, delete: 'delete', 'not-found': 'update' };

/** Where a finding points: the route its request was sent to, else the step's, else any route of the model's. */
function findingRoute(context: ApiContext, step: SmokeStep, request: SentRequest | undefined): PlannedRoute['existing'] {
  const wanted = request?.endpoint ?? stepEndpoint[step];
  return (wanted ? context.planned.find((route) => route.kind === wanted)?.existing : undefined) ?? context.planned.find((route) => route.existing)?.existing ?? null;
}

function stepFindings(context: ApiContext, results: StepResult[]): Finding[] {
  return results.flatMap((result): Finding[] => {
    if (result.ok) return [];
    return result.problems.map((problem, index) => {
      const request = result.requests[result.problemRequests[index] ?? -1];
      const route = findingRoute(context, result.step, request);
      const where = route ? { file: route.file, line: route.line } : { file: context.blueprint?.file ?? context.model.file, line: 1 };
      const traceback = request?.tracebacks[0];
      return {
        rule: `api-smoke/${result.step}`,
        severity: 'error' as const,
        ...where,
        column: 1,
        message: `${problem}.${request ? ` Request: ${requestText(request)} → ${request.status}.` : ''}`,
        help: `${help[result.step]}${traceback ? `\ntraceback:\n${traceback.map((line) => `  ${line}`).join('\n')}` : ''}`,
      };
    });
  });
}

/**
 * Boots the project's app on a throwaway database (with a signed-in admin) and drives the model's endpoints the
 * way the front end does: create, list, search, paging, update, the same requests without a session, delete and a
 * missing row. Each step checks the status, the response's shape and the rows in the database.
 */
export async function runSmoke(api: ApiProject, model: ModelClass, options: SmokeOptions): Promise<SmokeReport> {
  const context = buildApiContext(api, model, options.blueprint);
  const endpoints = context.planned.filter((route) => route.kind !== 'page');
  if (endpoints.every((route) => !route.existing)) {
    // Nothing to drive: a report of skipped steps would read as a pass.
    throw new UsageError(
      `${model.file}:${model.line}: ${model.name} has no endpoint to drive: no route answers ${endpoints.map((route) => `${route.method} ${route.path}`).join(', ')}; draft them with stk-migrate api-new ${model.name}, or name the blueprint that serves them with --blueprint`,
      'no-endpoints',
    );
  }
  const report: SmokeReport = { model: model.name, app: { source: '', admin: null }, steps: [], findings: [], summary: { errors: 0, warnings: 0, infos: 0 } };
  try {
    await withBootedApp(api.project, { command: 'api-smoke', timeoutSeconds: options.timeoutSeconds, models: api.models }, async (app) => {
      report.app = { source: app.target.source, admin: app.admin.email ?? String(app.admin.id) };
      const run = new SmokeRun(api, model, context, app);
      report.steps = run.steps;
      const boot: StepResult = { step: 'boot', ok: true, skipped: false, requests: [], problems: [], problemRequests: [] };
      run.steps.push(boot);
      const absent = await missingTables(app, model);
      if (absent.length > 0) {
        boot.ok = false;
        boot.problemRequests.push(-1);
        boot.problems.push(`the table${absent.length === 1 ? '' : 's'} ${absent.join(', ')} ${absent.length === 1 ? 'does' : 'do'} not exist after upgrading the throwaway database to head`);
        report.findings = [
          {
            rule: 'api-smoke/boot',
            severity: 'error',
            file: model.file,
            line: model.line,
            column: 1,
            message: `${boot.problems[0]}: no migration creates ${absent.length === 1 ? 'it' : 'them'}, so ${model.name}'s endpoints cannot work.`,
            help: `create the migration: stk-migrate new "add ${absent[0]}" (it autogenerates from the models), then run api-smoke again`,
          },
        ];
        return;
      }
      const fromDict = context.model.fromDict;
      const synthesis = synthesize(model, run.token, await parentValues(app, model), fromDict && fromDict.covers.length > 0 ? fromDict.covers : undefined);
      const id = await run.create(synthesis);
      await run.list(id);
      await run.search(id, synthesis);
      await run.paging();
      await run.update(id, synthesis);
      await run.unauthenticated(id, synthesis);
      await run.delete(id);
      await run.notFound(id);
    });
  } catch (error) {
    if (!(error instanceof BootFailure)) throw error;
    const file = error.detail?.file ? relative(api.project.root, error.detail.file).split('\\').join('/') : undefined;
    report.steps = [{ step: 'boot', ok: false, skipped: false, requests: [], problems: [error.message], problemRequests: [-1] }];
    report.findings = [
      {
        rule: 'api-smoke/boot',
        severity: 'error',
        file: file ?? context.blueprint?.file ?? model.file,
        line: error.detail?.line ?? 1,
        column: 1,
        message: `${error.message} (step: ${error.step})`,
        help: `${help.boot}${error.detail ? `\ntraceback:\n${error.detail.traceback.trim().split('\n').slice(-6).map((line) => `  ${line}`).join('\n')}` : ''}`,
      },
    ];
    report.summary = summarize(report.findings).summary;
    return report;
  }
  if (report.findings.length === 0) report.findings = stepFindings(context, report.steps);
  report.summary = summarize(report.findings).summary;
  return report;
}

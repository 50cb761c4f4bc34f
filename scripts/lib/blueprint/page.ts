import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { buildApiContext, findModel, routeAt, unknownModel } from '../api/context.js';
import type { ApiProject } from '../api/project.js';
import { parentValues } from '../api/smoke/run.js';
import { synthesize } from '../api/smoke/values.js';
import { BootFailure, withBootedApp, type BootedApp } from '../app/boot.js';
import type { AppRoute } from '../app/model.js';
import { routeShape } from '../app/paths.js';
import { UsageError } from '../cli/command.js';
import { renderFindingsText } from '../findings/render.js';
import type { Finding } from '../findings/schema.js';
import { summarize } from '../findings/summary.js';
import type { ModelClass } from '../models/classes.js';
import { findChromium, withBrowser } from './browser.js';
import { renderedTemplates } from './templates.js';

export interface PageCheckOptions {
  /** The page's path, e.g. `/invoice_lines/`. */
  path: string;
  /** The model whose row the page should list (default: the one whose conventional page this is). */
  model?: string;
  timeoutSeconds: number;
  /** Where to write the screenshot (default: a new file in the system's temporary folder). */
  screenshot?: string;
  env?: NodeJS.ProcessEnv;
}

export interface PageCheckReport {
  path: string;
  /** The page's route: handler and file:line. */
  route: { handler: string; file: string; line: number } | null;
  template: string | null;
  browser: string | null;
  /** Why no browser ran, when none did. */
  skipped: string | null;
  /** The document's HTTP status. */
  status: number | null;
  mounted: boolean | null;
  compositionApi: boolean | null;
  consoleErrors: string[];
  row: { table: string; id: unknown; text: string; created: 'api' | 'database'; shown: boolean } | null;
  screenshot: string | null;
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number };
}

/** The model a page lists: the one whose conventional page route (`GET /<plural>/`) this route is. */
function pageModel(api: ApiProject, route: AppRoute): ModelClass | undefined {
  return api.models.find((model) => {
    const planned = buildApiContext(api, model).planned.find((item) => item.kind === 'page');
    return planned && route.path !== null && routeShape(planned.path) === routeShape(route.path);
  });
}

function defaultScreenshot(path: string): string {
  const slug = path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'root';
  return join(tmpdir(), 'stk-migrate-page-check', `${slug}-${randomBytes(3).toString('hex')}.png`);
}

/** A text of the row that a list showing it must contain: the longest string value among its columns. */
function rowText(values: Record<string, unknown>): string | undefined {
  return Object.values(values)
    .filter((value): value is string => typeof value === 'string' && value.length >= 3 && !/^\d{4}-\d{2}-\d{2}/.test(value))
    .sort((a, b) => b.length - a.length)[0];
}

/** A row for the page to list: created through the model's create endpoint as the page would, else inserted into its table. */
async function seedRow(api: ApiProject, model: ModelClass, app: BootedApp): Promise<NonNullable<PageCheckReport['row']> | string> {
  const context = buildApiContext(api, model);
  const create = context.planned.find((route) => route.kind === 'create')?.existing;
  const pk = model.columns.find((column) => column.primaryKey)?.name ?? 'id';
  const before = new Set((await app.rows(model.table)).map((row) => JSON.stringify(row[pk])));
  if (create?.path) {
    const synthesis = synthesize(model, randomBytes(4).toString('hex'), await parentValues(app, model), context.model.fromDict?.covers.length ? context.model.fromDict.covers : undefined);
    const response = await app.request({ method: 'POST', path: create.path, json: { item: synthesis.values } });
    if (response.status >= 300) return `creating a row through POST ${create.path} answered ${response.status}; run api-smoke ${model.name}`;
    const added = (await app.rows(model.table)).find((row) => !before.has(JSON.stringify(row[pk])));
    // what the page would show: a text value the request sent, among the columns to_dict returns
    const listed = context.model.toDict?.covers;
    const sent = Object.fromEntries(Object.entries(synthesis.values).filter(([column]) => !listed || listed.includes(column)));
    const text = added ? rowText(sent) : undefined;
    if (!added || !text) return `POST ${create.path} created no row with a text value to look for`;
    return { table: model.table, id: added[pk], text, created: 'api', shown: false };
  }
  const row = await app.parentRow(model.table);
  const text = rowText(row);
  return text ? { table: model.table, id: row[pk], text, created: 'database', shown: false } : `the row inserted into ${model.table} has no text value to look for`;
}

/** What the browser saw. */
interface Visit {
  status: number | null;
  mounted: boolean;
  compositionApi: boolean;
  consoleErrors: string[];
  shown: boolean;
}

async function visit(executable: string, url: string, cookie: { name: string; value: string }, text: string | undefined, screenshot: string): Promise<Visit> {
  return withBrowser(executable, async (browser) => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location();
      consoleErrors.push(`${message.text()}${where.url ? ` (${where.url.replace(/^https?:\/\/127\.0\.0\.1:\d+/, '')}${where.lineNumber !== undefined ? `:${where.lineNumber + 1}` : ''})` : ''}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));
    page.on('requestfailed', (request) => consoleErrors.push(`request failed: ${request.method()} ${request.url().replace(/^https?:\/\/127\.0\.0\.1:\d+/, '')} (${request.failure()?.errorText ?? 'failed'})`));
    await browser.setCookie({ name: cookie.name, value: cookie.value, domain: '127.0.0.1', path: '/', httpOnly: true });
    const response = await page.goto(url, { waitUntil: 'networkidle0', timeout: 30_000 });
    const state = await page.evaluate(() => {
      const mount = Array.from(document.querySelectorAll('*')).find((element) => (element as unknown as { __vue_app__?: unknown }).__vue_app__);
      const app = (mount as unknown as { __vue_app__?: { _component?: { setup?: unknown } } } | undefined)?.__vue_app__;
      return { mounted: app !== undefined, compositionApi: typeof app?._component?.setup === 'function' };
    });
    let shown = false;
    if (text !== undefined && state.mounted) {
      shown = await page
        .waitForFunction((wanted: string) => document.body.innerText.includes(wanted), { timeout: 8_000, polling: 100 }, text)
        .then(() => true)
        .catch(() => false);
    }
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
    return { status: response?.status() ?? null, ...state, consoleErrors, shown };
  });
}

/**
 * Serves the app (its own Python, a throwaway database at head, a signed-in admin) on 127.0.0.1, creates a row for
 * the page's model, and loads the page in headless Chromium: its status, console errors, whether the Vue app mounted
 * (and with the Options API), whether the list shows the row, and a screenshot.
 */
export async function runPageCheck(api: ApiProject, options: PageCheckOptions): Promise<PageCheckReport> {
  const route = routeAt(api.app.routes, 'GET', options.path);
  if (!route) throw new UsageError(`no GET route answers ${options.path}; pages: ${api.app.routes.filter((item) => item.methods.includes('GET') && item.path && !item.path.startsWith('/api/')).map((item) => item.path).join(', ') || 'none'}`);
  let model: ModelClass | undefined;
  if (options.model) {
    model = findModel(api, options.model);
    if (!model) throw new UsageError(unknownModel(api, options.model));
  } else model = pageModel(api, route);
  const template = (await renderedTemplates(api.project, [route])).get(route)?.[0];
  const report: PageCheckReport = {
    path: options.path,
    route: { handler: route.handler, file: route.file, line: route.line },
    template: template?.file ?? null,
    browser: null,
    skipped: null,
    status: null,
    mounted: null,
    compositionApi: null,
    consoleErrors: [],
    row: null,
    screenshot: null,
    findings: [],
    summary: { errors: 0, warnings: 0, infos: 0 },
  };
  const at = template ? { file: template.file, line: 1 } : { file: route.file, line: route.line };
  const finding = (rule: string, message: string, help: string, where = at): void => {
    report.findings.push({ rule: `page-check/${rule}`, severity: 'error', file: where.file, line: where.line, column: 1, message, help });
  };
  const env = options.env ?? process.env;
  const chromium = findChromium(env);
  if (chromium.executable === undefined) {
    report.skipped = chromium.reason;
    // CI installs Chromium: there a missing browser is a failure, never a silent pass.
    if (env.CI) finding('no-browser', `${chromium.reason}.`, 'CI must install Chromium (Debian: apt-get install chromium)');
    report.summary = summarize(report.findings).summary;
    return report;
  }
  const executable = chromium.executable;
  report.browser = executable;
  const screenshot = options.screenshot ?? defaultScreenshot(options.path);
  try {
    await withBootedApp(api.project, { command: 'page-check', timeoutSeconds: options.timeoutSeconds, models: api.models, env }, async (app) => {
      let text: string | undefined;
      if (model) {
        const seeded = await seedRow(api, model, app);
        if (typeof seeded === 'string') finding('row', `${seeded}.`, `make the create endpoint work first (stk-migrate api-smoke ${model.name})`, { file: route.file, line: route.line });
        else {
          report.row = seeded;
          text = seeded.text;
        }
      }
      const base = await app.serve();
      const seen = await visit(executable, `${base}${options.path}`, await app.sessionCookie(), text, screenshot);
      report.status = seen.status;
      report.mounted = seen.mounted;
      report.compositionApi = seen.compositionApi;
      report.consoleErrors = seen.consoleErrors;
      report.screenshot = screenshot;
      if (report.row) report.row.shown = seen.shown;
    });
  } catch (error) {
    if (!(error instanceof BootFailure)) throw error;
    const file = error.detail?.file ? relative(api.project.root, error.detail.file).split('\\').join('/') : route.file;
    finding('boot', `${error.message} (step: ${error.step}).`, 'make the app boot on an empty database upgraded to head (python checks.py shows the same failure)', { file, line: error.detail?.line ?? 1 });
    report.summary = summarize(report.findings).summary;
    return report;
  }
  if (report.status !== null && report.status >= 400) finding('status', `GET ${options.path} answered ${report.status} to the signed-in admin.`, 'the page route must render its template for an admin; open it after api-smoke passes', { file: route.file, line: route.line });
  for (const error of report.consoleErrors) finding('console', `console error: ${error}.`, 'fix the script of the page (the browser console shows the same), then run page-check again');
  if (report.mounted === false) finding('not-mounted', 'the Vue app did not mount: no element carries a mounted app after the page loaded.', 'the page must call `registerStkComponents(app)` and `app.use(createVuetify(config.vuetifyConfig)).mount("#app")`; a script error before it (see the console errors) stops it');
  if (report.compositionApi) finding('composition-api', "the page's Vue app uses setup() (the Composition API); stk pages use the Options API.", 'move the state into `data()`, the functions into `methods` and the start-up code into `mounted()`; no `setup()`, `ref()` or `reactive()`');
  if (report.row && !report.row.shown && report.mounted) {
    finding('row-missing', `the list does not show the row created for the check (${report.row.table} ${JSON.stringify(report.row.id)}, "${report.row.text}").`, 'the page must load its items from the list endpoint (GET /api/<plural>) and render them in its v-data-table-server', { file: at.file, line: at.line });
  }
  report.summary = summarize(report.findings).summary;
  return report;
}

/** One line per fact, then the findings. */
export function renderPageCheckText(report: PageCheckReport, colour: boolean): string {
  const lines = [`page-check ${report.path}${report.route ? ` (${report.route.handler}() at ${report.route.file}:${report.route.line}${report.template ? `, ${report.template}` : ''})` : ''}`];
  if (report.skipped) lines.push(`– browser: skipped: ${report.skipped}`);
  else if (report.browser) {
    const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? '✓' : '✗');
    lines.push(`${mark(report.status === null ? null : report.status < 400)} HTTP ${report.status ?? '(no response)'} in headless Chromium (${report.browser}) as a signed-in admin, throwaway database`);
    lines.push(`${mark(report.consoleErrors.length === 0)} console errors: ${report.consoleErrors.length === 0 ? 'none' : report.consoleErrors.length}`);
    lines.push(`${mark(report.mounted)} Vue app mounted${report.compositionApi ? ' (with setup(): Composition API)' : report.mounted ? ' (Options API)' : ''}`);
    if (report.row) lines.push(`${mark(report.row.shown)} the list shows the row created through ${report.row.created === 'api' ? 'the create endpoint' : 'the database'} (${report.row.table} ${JSON.stringify(report.row.id)}: "${report.row.text}")`);
    else lines.push('– no model found for this page, so no row was looked for (pass --model)');
  }
  if (report.screenshot) lines.push(`screenshot: ${report.screenshot}`);
  if (report.skipped && report.findings.length === 0) lines.push('not checked in a browser');
  return `${lines.join('\n')}\n${renderFindingsText({ findings: report.findings, summary: report.summary }, colour)}`;
}

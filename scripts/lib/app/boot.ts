import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../cli/command.js';
import { parseDotenv } from '../discover/dotenv.js';
import type { Project } from '../discover/types.js';
import type { ModelClass } from '../models/classes.js';
import { PythonFailure } from '../throwaway/helper.js';
import type { PythonError } from '../throwaway/protocol.js';
import { asyncUrl, type ThrowawayDatabase } from '../throwaway/database.js';
import { withThrowawaySession, type ThrowawaySession } from '../throwaway/session.js';

/** Where the app object comes from: `module` imported, then `attribute` (called when a factory). */
export interface AppTarget {
  module: string;
  /** Undefined: the usual names (`app`, `application`, then the factories `create_app`, `make_app`). */
  attribute?: string;
  call: boolean;
  /** How it was found, for messages: `QUART_APP=run.py (.env)`. */
  source: string;
}

/** `run.py` -> `run`; `stkapp/app.py` -> `stkapp.app`. */
function moduleOfPath(path: string): string {
  return path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').filter(Boolean).join('.');
}

/** QUART_APP's forms: `run.py`, `run:app`, `stkapp.app:create_app()`, `stkapp`. */
function fromQuartApp(value: string, source: string): AppTarget {
  const [where, attribute] = value.split(':') as [string, string | undefined];
  const module = where.endsWith('.py') || where.includes('/') ? moduleOfPath(where) : where;
  const call = attribute?.endsWith(')') ?? false;
  const name = attribute?.replace(/\(.*\)$/, '');
  return { module, ...(name ? { attribute: name } : {}), call, source };
}

/** How the project's app is created: QUART_APP (environment, then .env), `run.py`, `<package>/app.py`, the package itself. */
export function findAppTarget(project: Project, env: NodeJS.ProcessEnv = process.env): AppTarget {
  if (env.QUART_APP) return fromQuartApp(env.QUART_APP, 'QUART_APP in the environment');
  const dotenv = join(project.root, '.env');
  const fromFile = existsSync(dotenv) ? parseDotenv(readFileSync(dotenv, 'utf8')).get('QUART_APP') : undefined;
  if (fromFile) return fromQuartApp(fromFile, 'QUART_APP in .env');
  if (existsSync(join(project.root, 'run.py'))) return { module: 'run', call: false, source: 'run.py' };
  const pkg = project.appPackage;
  if (pkg && existsSync(join(project.root, pkg, 'app.py'))) return { module: `${pkg}.app`, attribute: 'create_app', call: true, source: `${pkg}/app.py` };
  if (pkg) return { module: pkg, call: false, source: `${pkg}/__init__.py` };
  throw new UsageError('cannot tell how to create the app: set QUART_APP in .env (e.g. QUART_APP=run.py)');
}

/** The user model to sign in with: stk's has `fs_uniquifier` (Flask-Security's identity); else the `user` table's class. */
export function findUserModel(models: readonly ModelClass[]): { user: ModelClass; role: ModelClass | undefined } | undefined {
  const user = models.find((model) => model.columns.some((column) => column.name === 'fs_uniquifier')) ?? models.find((model) => model.table === 'user' || model.name === 'User');
  if (!user) return undefined;
  const roles = user.relationships.find((relationship) => relationship.name === 'roles');
  const role = roles?.target ? models.find((model) => model.name === roles.target) : undefined;
  return { user, role };
}

export const AppResponseSchema = z.object({
  status: z.number().int(),
  json: z.unknown(),
  isJson: z.boolean(),
  contentType: z.string(),
  text: z.string(),
  /** Tracebacks the app logged while answering, each cut to the project's frames and the exception. */
  errors: z.array(z.array(z.string())),
});
export type AppResponse = z.infer<typeof AppResponseSchema>;

export interface AppRequest {
  method: string;
  path: string;
  /** A JSON body. */
  json?: unknown;
  query?: Record<string, string | number>;
  /** As the signed-in admin (default) or without a session. */
  signed?: boolean;
}

const BootSchema = z.object({ name: z.string(), rules: z.array(z.object({ methods: z.array(z.string()), rule: z.string(), endpoint: z.string() })) });
const AdminSchema = z.object({ id: z.unknown(), email: z.string().nullable().optional(), table: z.string() });
const RowsSchema = z.object({ rows: z.array(z.record(z.string(), z.unknown())) });
const CountSchema = z.object({ count: z.number().int() });
const TablesSchema = z.object({ tables: z.array(z.string()) });
const RowSchema = z.object({ row: z.record(z.string(), z.unknown()) });
const CookieSchema = z.object({ name: z.string(), value: z.string() });
const UrlSchema = z.object({ url: z.string() });

/** The project's app, booted by its own interpreter on a throwaway database at head, with a signed-in admin. */
export interface BootedApp {
  session: ThrowawaySession;
  target: AppTarget;
  /** The app's own url_map (static aside), for comparing with what the source declares. */
  rules: z.infer<typeof BootSchema>['rules'];
  admin: z.infer<typeof AdminSchema>;
  request(request: AppRequest): Promise<AppResponse>;
  rows(table: string, where?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  count(table: string): Promise<number>;
  /** The tables of the throwaway database. */
  tables(): Promise<string[]>;
  /** A row of `table` (created with its parents when there is none), for a foreign key to point at. */
  parentRow(table: string): Promise<Record<string, unknown>>;
  /** The admin's signed session cookie, for a browser. */
  sessionCookie(): Promise<{ name: string; value: string }>;
  /** Serves the app on 127.0.0.1 until the work ends; its base URL. */
  serve(): Promise<string>;
}

/** Booting failed before any request: the step, and Python's error when it came from there. */
export class BootFailure extends Error {
  override name = 'BootFailure';
  constructor(
    readonly step: 'upgrade' | 'boot' | 'sign-in',
    message: string,
    readonly detail?: PythonError,
  ) {
    super(message);
  }
}

export interface BootOptions {
  /** The command's name, for messages. */
  command: string;
  timeoutSeconds: number;
  /** The models, for the user to sign in as. */
  models: readonly ModelClass[];
  env?: NodeJS.ProcessEnv;
}

async function step<T>(name: BootFailure['step'], what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PythonFailure) {
      if (error.detail.type === 'ForeignDatabaseError') throw new UsageError(`${what}: ${error.detail.message}`);
      throw new BootFailure(name, `${what}: ${error.detail.message}`, error.detail);
    }
    throw error;
  }
}

/**
 * Runs `work` with the project's app booted by its own interpreter against a throwaway database upgraded to the
 * heads, an admin user created there and a test client signed in as it. The developer's database is never
 * opened (the helper refuses any other); everything is removed however the work ends, Ctrl-C included.
 */
export async function withBootedApp<T>(project: Project, options: BootOptions, work: (app: BootedApp) => Promise<T>): Promise<T> {
  const target = findAppTarget(project, options.env);
  const users = findUserModel(options.models);
  // stk's engine is async (create_async_engine): the app gets the project's async driver, or the usual one.
  const appUrl = (database: ThrowawayDatabase) => asyncUrl(database.url, database.projectUrl);
  const sessionOptions = { command: options.command, withData: false, timeoutSeconds: options.timeoutSeconds, helper: 'stk_app_helper.py', appUrl };
  return withThrowawaySession(project, sessionOptions, async (session) => {
    const { helper } = session;
    session.step = 'upgrading the throwaway database to head';
    await session.current();
    const failed = await session.migrate('upgrade', 'heads');
    if (failed) throw new BootFailure('upgrade', `upgrading the throwaway database to head failed: ${failed.message}`, failed);
    session.step = `booting the app (${target.source})`;
    const booted = await step('boot', `booting the app from ${target.source}`, () =>
      helper.request('app_boot', { module: target.module, attribute: target.attribute ?? null, call: target.call, url: appUrl(session.database), syncUrl: session.database.url }, BootSchema),
    );
    if (!users) throw new BootFailure('sign-in', 'no user model (a class with fs_uniquifier, or the user table) to sign in with');
    session.step = 'signing in as a throwaway admin';
    const moduleOf = (model: ModelClass) => model.file.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
    const admin = await step('sign-in', 'creating the throwaway admin', () =>
      helper.request(
        'app_admin',
        {
          userModule: moduleOf(users.user),
          userClass: users.user.name,
          roleModule: users.role ? moduleOf(users.role) : null,
          roleClass: users.role?.name ?? null,
          role: 'admin',
          identity: users.user.columns.some((column) => column.name === 'fs_uniquifier') ? 'fs_uniquifier' : 'id',
          sessionKey: '_user_id',
          session: { _fresh: true },
        },
        AdminSchema,
      ),
    );
    let serving: string | undefined;
    const app: BootedApp = {
      session,
      target,
      rules: booted.rules,
      admin,
      request: (request) => helper.request('app_request', { signed: true, ...request }, AppResponseSchema),
      rows: async (table, where) => (await helper.request('rows', { table, where: where ?? {} }, RowsSchema)).rows,
      count: async (table) => (await helper.request('count', { table }, CountSchema)).count,
      tables: async () => (await helper.request('tables', {}, TablesSchema)).tables,
      parentRow: async (table) => (await helper.request('parent_row', { table }, RowSchema)).row,
      sessionCookie: () => helper.request('app_cookie', {}, CookieSchema),
      serve: async () => (serving ??= (await helper.request('app_serve', {}, UrlSchema)).url),
    };
    return work(app);
  });
}

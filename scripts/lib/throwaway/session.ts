import { UsageError } from '../cli/command.js';
import { resolvePython } from '../discover/runner.js';
import type { Project } from '../discover/types.js';
import { cleanUpOnSignals, cleanupScope, reportCleanupFailures, reportOrphansRemoved } from './cleanup.js';
import { asyncUrl, sweepSqliteOrphans, throwaways, type ThrowawayDatabase, type Throwaways } from './database.js';
import { PythonFailure, PythonHelper } from './helper.js';
import { CurrentSchema, EmptySchema, type Current, type Hello, type PythonError } from './protocol.js';

export interface SessionOptions {
  /** The command's name, for messages. */
  command: string;
  /** Start from a copy of the developer's database instead of an empty one. */
  withData: boolean;
  /** The whole command's budget; past it the helper is stopped and everything removed. */
  timeoutSeconds: number;
  /** The helper to run (default stk_migrate_helper.py; the app helper boots the project's app too). */
  helper?: string;
  /** The URL the app's settings get as SQLALCHEMY_DATABASE_URI (default: the throwaway database with the project's driver). */
  appUrl?: (database: ThrowawayDatabase) => string;
}

/** A throwaway database and the Python helper pointed at it, both removed however the command ends. */
export interface ThrowawaySession {
  project: Project;
  helper: PythonHelper;
  hello: Hello;
  dialect: Throwaways['dialect'];
  database: ThrowawayDatabase;
  /** What the running command is doing, named in the timeout message. */
  step: string;
  /** env.py's view of the database: current heads, version table, whether it has target_metadata. */
  current(): Promise<Current>;
  /** `alembic upgrade|downgrade <target>` through the API; a Python exception comes back as its details. */
  migrate(op: 'upgrade' | 'downgrade', target: string): Promise<PythonError | undefined>;
  /** Drops the database and points the helper at a new, empty one. */
  replaceDatabase(): Promise<void>;
}

/** A `--timeout` that ran out: exit code 2, like any failure to finish. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'timeout';
}

const asyncEnvError = /requires an async driver|is not async|greenlet_spawn has not been called/;

/** The helper's guard stopped SQL meant for another database: the project's env.py ignores the URL we set. */
export function refuseForeignDatabase(error: unknown): void {
  if (error instanceof PythonFailure && error.detail.type === 'ForeignDatabaseError') {
    throw new UsageError(
      `env.py did not use the throwaway database set as sqlalchemy.url on the Alembic config (${error.detail.message}); nothing ran there. Make env.py prefer config.get_main_option("sqlalchemy.url") when a caller sets it`,
    );
  }
}

export async function withThrowawaySession<T>(project: Project, options: SessionOptions, work: (session: ThrowawaySession) => Promise<T>): Promise<T> {
  const scope = cleanupScope();
  const removeSignalHandlers = cleanUpOnSignals(options.command, scope);
  let timer: NodeJS.Timeout | undefined;
  let session: ThrowawaySession | undefined;
  try {
    const run = (async () => {
      const places = throwaways(project.database, project.root, scope);
      const removed = places.dialect === 'sqlite' ? await places.sweep() : [...sweepSqliteOrphans(), ...(await places.sweep())];
      reportOrphansRemoved(options.command, removed);
      const python = await resolvePython(project.root, project.runner, project.config);
      const first = await places.create(options.withData);
      // Belt and braces: the app's settings name the throwaway database too, should an env.py read them
      // (SQLALCHEMY_DATABASE_URI, and every variable the settings read the URL from).
      const variables = [...new Set(['SQLALCHEMY_DATABASE_URI', ...project.databaseVariables])];
      const appUrl = options.appUrl?.(first) ?? first.projectUrl;
      const pointed = Object.fromEntries(variables.map((name) => [name, appUrl]));
      const helper = PythonHelper.spawn({ python, cwd: project.root, env: { ...processEnv(), ...pointed }, secrets: places.secrets, script: options.helper });
      scope.add('stop the Python helper', () => helper.stop());
      const hello = await helper.hello();
      let asyncEnv = false;
      const open = (database: ThrowawayDatabase) =>
        helper.request(
          'open',
          {
            ini: project.alembicIni ?? null,
            section: project.alembicSection,
            scriptLocation: project.scriptLocation,
            // Flask-Migrate gives Alembic its folder whatever the ini says
            forceScriptLocation: project.layout === 'flask-migrate',
            alembicUrl: asyncEnv ? asyncUrl(database.url, database.projectUrl) : database.url,
            url: database.url,
            appUrl: database.projectUrl,
            appUrlVariables: variables,
            flaskApp: project.env.needsFlaskApp,
            versionDirs: project.versionDirs,
          },
          EmptySchema,
        );
      await open(first);
      const current = async (): Promise<Current> => {
        try {
          return await helper.request('current', {}, CurrentSchema);
        } catch (error) {
          refuseForeignDatabase(error);
          // An env.py written for asyncio (Alembic's async template) needs an async driver in the URL.
          if (asyncEnv || !(error instanceof PythonFailure) || !asyncEnvError.test(error.detail.message)) throw error;
          asyncEnv = true;
          await open(active.database);
          return helper.request('current', {}, CurrentSchema);
        }
      };
      const active: ThrowawaySession = {
        project,
        helper,
        hello,
        dialect: places.dialect,
        database: first,
        step: 'preparing the throwaway database',
        current,
        async migrate(op, target) {
          try {
            await helper.request(op, { target }, EmptySchema);
            return undefined;
          } catch (error) {
            refuseForeignDatabase(error);
            if (error instanceof PythonFailure) return error.detail;
            throw error;
          }
        },
        async replaceDatabase() {
          await active.database.drop();
          active.database = await places.create(false);
          await open(active.database);
        },
      };
      session = active;
      return work(active);
    })();
    run.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`stopped after ${options.timeoutSeconds} s (--timeout) while ${session?.step ?? 'preparing the throwaway database'}`)),
        options.timeoutSeconds * 1000,
      );
    });
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
    const failures = await scope.close();
    removeSignalHandlers();
    reportCleanupFailures(options.command, failures);
  }
}

function processEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server of the tests (`bash .ci/postgres.sh` starts it), as a maintenance-database URL. */
export const pgAdminUrl = process.env.STK_MIGRATE_TEST_PG_URL ?? 'postgresql://stk_migrate:stk_migrate@127.0.0.1:5432/postgres';

/** The same server and credentials, another database. */
export function pgUrlFor(database: string): string {
  const url = new URL(pgAdminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function throwawayDatabaseName(): string {
  return `stk_migrate_test_${randomBytes(6).toString('hex')}`;
}

/** Runs `fn` with a connected client of `url`, closing it afterwards. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach the test PostgreSQL at ${new URL(url).host} (${(error as Error).message}); start it with 'bash .ci/postgres.sh' or set STK_MIGRATE_TEST_PG_URL`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabase(name: string): Promise<void> {
  await withClient(pgAdminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(pgAdminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function databaseExists(name: string): Promise<boolean> {
  return withClient(pgAdminUrl, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

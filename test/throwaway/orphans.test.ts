import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { currentOwner, ownerGone, ownerOf, ownerTag } from '../../scripts/lib/throwaway/owner.js';
import { sweepSqliteOrphans, throwawayPrefix } from '../../scripts/lib/throwaway/database.js';
import { repoRoot } from '../helpers/example-project.js';
import { createDatabase, databaseExists, dropDatabase, pgAdminUrl, pgUrlFor, throwawayDatabaseName } from '../helpers/pg.js';
import { exampleWith, leftoverDatabases, untilMigrating } from '../migrate/roundtrip/support.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function privateTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-orphans-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function marker(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-orphans-marker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'migrating');
}

/** `node dist/cli.cjs` in its own process group, so that the test can kill the CLI alone and later its Python helper too. */
function start(cwd: string, args: string[], env: Record<string, string>) {
  const running = execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd, reject: false, detached: true, env: { STK_MIGRATE_NO_CACHE: '1', ...env } });
  cleanups.push(() => {
    try {
      process.kill(-running.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  });
  return running;
}

function run(cwd: string, args: string[], env: Record<string, string>) {
  return execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd, reject: false, env: { STK_MIGRATE_NO_CACHE: '1', ...env } });
}

/** SIGKILL: nothing in the process runs, no handler, no cleanup. */
async function kill(running: ReturnType<typeof start>): Promise<void> {
  process.kill(running.pid!, 'SIGKILL');
  const result = await running;
  expect(result.signal).toBe('SIGKILL');
}

function project(fixture?: string): string {
  const copy = exampleWith(fixture);
  cleanups.push(copy.cleanup);
  return copy.root;
}

describe('owners written into throwaway names', () => {
  it('reads back the owner it wrote, and nothing from a name of another shape', () => {
    const owner = currentOwner();
    expect(owner.pid).toBe(process.pid);
    const name = `${throwawayPrefix}${ownerTag(owner)}_a1B2c3`;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(ownerOf(name, throwawayPrefix)).toEqual(owner);
    for (const other of [`${throwawayPrefix}0123456789ab`, `${throwawayPrefix}abcdefgh_x_y`, 'stk_migrate_test_abc', `${throwawayPrefix}ABCDEFGH_1_2_3`]) expect(ownerOf(other, throwawayPrefix)).toBeUndefined();
  });

  it('calls an owner gone only when it is certain: this process is alive, another machine is never judged, a finished process is gone', async () => {
    const owner = currentOwner();
    expect(ownerGone(owner)).toBe(false);
    expect(ownerGone({ ...owner, host: owner.host === '00000000' ? '11111111' : '00000000', pid: 999_999_999 })).toBe(false);
    const finished = execa('node', ['-e', '0']);
    await finished;
    expect(ownerGone({ ...owner, pid: finished.pid! })).toBe(true);
    // the same process id, started at another time: the id was reused, the owner is gone
    expect(ownerGone({ ...owner, start: owner.start === '0' ? '0' : `${owner.start}0` })).toBe(owner.start !== '0');
  });

  it('sweeps the temporary folder of its dead owners only', async () => {
    const tmp = privateTmp();
    const owner = currentOwner();
    const finished = execa('node', ['-e', '0']);
    await finished;
    const alive = `${throwawayPrefix}${ownerTag(owner)}_aaaaaa`;
    const dead = `${throwawayPrefix}${ownerTag({ ...owner, pid: finished.pid! })}_bbbbbb`;
    const older = `${throwawayPrefix}cCdDeE`;
    for (const name of [alive, dead, older]) mkdirSync(join(tmp, name));
    expect(sweepSqliteOrphans(tmp)).toEqual([join(tmp, dead)]);
    expect(readdirSync(tmp).sort()).toEqual([alive, older].sort());
  });
});

describe('a roundtrip killed with SIGKILL leaves a throwaway SQLite folder; the next run removes it and says so', () => {
  it('removes the folder of the killed run, and never one of a run still going', async () => {
    const tmp = privateTmp();
    const killed = project('slow-upgrade');
    const migrating = marker();
    const running = start(killed, ['roundtrip'], { TMPDIR: tmp, STK_MIGRATE_TEST_MARKER: migrating });
    await untilMigrating(running, migrating);
    const [left] = readdirSync(tmp);
    expect(ownerOf(left!, throwawayPrefix)?.pid).toBe(running.pid);

    // a second run, still going when the first is killed and when a third one sweeps
    const alive = project('slow-upgrade');
    const aliveMarker = marker();
    const going = start(alive, ['roundtrip'], { TMPDIR: tmp, STK_MIGRATE_TEST_MARKER: aliveMarker });
    await untilMigrating(going, aliveMarker);
    const goingFolder = readdirSync(tmp).find((name) => ownerOf(name, throwawayPrefix)?.pid === going.pid);
    expect(goingFolder).toBeDefined();

    await kill(running);
    expect(readdirSync(tmp).sort()).toEqual([left, goingFolder].sort());

    const next = await run(project(), ['drift'], { TMPDIR: tmp });
    expect(next.exitCode).toBe(0);
    expect(next.stderr.trim().split('\n')).toEqual([`stk-migrate drift: removed a throwaway database left by a run that was killed: ${join(tmp, left!)}`]);
    expect(readdirSync(tmp)).toEqual([goingFolder]);

    // said once: the run after that has nothing to remove
    const again = await run(project(), ['drift'], { TMPDIR: tmp });
    expect([again.exitCode, again.stderr]).toEqual([0, '']);
    going.kill('SIGINT');
    expect((await going).exitCode).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('a roundtrip killed with SIGKILL leaves a throwaway PostgreSQL database; the next run drops it and says so', () => {
  it('drops the database of the killed run, and leaves databases of unknown owners alone', async () => {
    const devName = throwawayDatabaseName();
    await createDatabase(devName);
    cleanups.push(() => dropDatabase(devName));
    const onServer = ['--database-url', pgUrlFor(devName).replace(/^postgresql:/, 'postgresql+psycopg2:')];
    const migrating = marker();
    const running = start(project('slow-upgrade'), ['roundtrip', ...onServer], { STK_MIGRATE_TEST_MARKER: migrating });
    await untilMigrating(running, migrating);
    const left = (await leftoverDatabases(pgAdminUrl)).find((name) => ownerOf(name, throwawayPrefix)?.pid === running.pid);
    expect(left).toBeDefined();
    await kill(running);
    expect(await databaseExists(left!)).toBe(true);
    cleanups.push(() => dropDatabase(left!));

    // a database of an older version, without an owner in its name: never touched
    const older = `${throwawayPrefix}${randomBytes(6).toString('hex')}`;
    await createDatabase(older);
    cleanups.push(() => dropDatabase(older));
    const next = await run(project(), ['drift', ...onServer], {});
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr.trim().split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^stk-migrate drift: removed (a throwaway database|\\d+ throwaway databases) left by (a run that was|runs that were) killed: .*${left} on postgresql(\\+\\w+)?://stk_migrate:\\*\\*\\*@`)));
    expect(next.stderr).not.toContain('stk_migrate:stk_migrate@');
    expect(await databaseExists(left!)).toBe(false);
    expect(await databaseExists(older)).toBe(true);
  });
});

describe('nothing of the above touches a folder it cannot tell is a throwaway', () => {
  it('keeps folders with the prefix but no owner, and folders that only look alike', () => {
    const tmp = privateTmp();
    for (const name of [`${throwawayPrefix}`, `${throwawayPrefix}zzzzzzzz_1_1_x`, 'stk_migrate_tmp', `${throwawayPrefix}12345678_1_1_x_y`]) mkdirSync(join(tmp, name));
    expect(sweepSqliteOrphans(tmp)).toEqual([]);
    expect(existsSync(join(tmp, throwawayPrefix))).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { hashText } from '../../scripts/lib/cache/hash.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Project } from '../../scripts/lib/discover/types.js';
import { loadMigrationHeaders, migrationFiles } from '../../scripts/lib/migrate/load.js';
import { loadModels } from '../../scripts/lib/models/load.js';
import { discoverIn } from '../helpers/discover.js';
import { fixtureProject, isolateParseCache, repoRoot, restoreEnv, useTempDirs, writeFiles } from '../helpers/temp.js';

const cacheDir = isolateParseCache();
const tempDir = useTempDirs();

function migrationSource(revision: string, parent: string | null, message: string): string {
  return `"""${message}"""\nrevision = "${revision}"\ndown_revision = ${parent === null ? 'None' : `"${parent}"`}\n`;
}

async function project(): Promise<Project> {
  const root = writeFiles(tempDir('load'), {
    'alembic.ini': '[alembic]\nscript_location = alembic\n',
    'alembic/versions/aaa_first.py': migrationSource('aaa', null, 'first'),
    'alembic/versions/bbb_second.py': migrationSource('bbb', 'aaa', 'second'),
    'app/__init__.py': '',
    'app/user/models.py': 'class User(Base):\n    __tablename__ = "user"\n    id = Column(Integer, primary_key=True)\n',
  });
  return discoverIn(root);
}

/** The cache file of `kind` for a project root, as ParseCache names it. */
function cacheFile(root: string, kind: string, dir = cacheDir()): string {
  return join(dir, `${kind}-${hashText(root).slice(0, 16)}.json`);
}

interface CacheContent {
  format: number;
  entries: Record<string, { hash: string; data: { message?: string; revision?: string } }>;
}

const sha1 = (data: string | Buffer) => createHash('sha1').update(data).digest('base64url');

/** A cache file: its first line is the hash of the rest, which is JSON. */
function readCache(file: string): CacheContent {
  const text = readFileSync(file, 'utf8');
  const body = text.slice(text.indexOf('\n') + 1);
  expect(text.slice(0, text.indexOf('\n'))).toBe(hashText(body));
  return JSON.parse(body) as CacheContent;
}

/** A cache's entries without the file identities and hash times (which each run that hashes writes anew). */
function entriesOf(content: CacheContent): Record<string, { hash: string; data: unknown }> {
  return Object.fromEntries(Object.entries(content.entries).map(([file, entry]) => [file, { hash: entry.hash, data: entry.data }]));
}

/** Writes a cache file as the cache itself would (a valid hash line), with whatever content. */
function writeCache(file: string, content: unknown): void {
  const body = JSON.stringify(content);
  writeFileSync(file, `${hashText(body)}\n${body}`);
}

describe('migrationFiles', () => {
  it('lists *.py directly inside every versions folder, sorted, relative to the root', async () => {
    const root = writeFiles(tempDir('files'), {
      'alembic.ini': '[alembic]\nversion_locations = %(here)s/v/b %(here)s/v/a\n',
      'v/a/002_x.py': '',
      'v/a/001_x.py': '',
      'v/b/003_x.py': '',
      'v/a/__init__.py': '',
      'v/a/.#001_x.py': '',
      'v/a/notes.txt': '',
      'v/a/sub/004_x.py': '',
      'v/a/__pycache__/001_x.cpython-311.pyc': '',
    });
    expect(migrationFiles(await discoverIn(root))).toEqual(['v/a/001_x.py', 'v/a/002_x.py', 'v/b/003_x.py']);
  });

  it('leaves out a FIFO named *.py (reading it would wait forever, as Alembic would), and keeps a link to a file', async () => {
    const root = writeFiles(tempDir('fifo'), { 'alembic.ini': '[alembic]\nscript_location = alembic\n', 'alembic/versions/001_x.py': '', 'elsewhere/002_y.py': '' });
    execFileSync('mkfifo', [join(root, 'alembic/versions/003_z.py')]);
    symlinkSync(join(root, 'elsewhere/002_y.py'), join(root, 'alembic/versions/002_y.py'));
    expect(migrationFiles(await discoverIn(root))).toEqual(['alembic/versions/001_x.py', 'alembic/versions/002_y.py']);
  });

  it('skips a versions folder that does not exist yet', async () => {
    const root = writeFiles(tempDir('noversions'), { 'alembic.ini': '[alembic]\n' });
    expect(migrationFiles(await discoverIn(root))).toEqual([]);
  });

  it('reads revisions spread over several version_locations into one chain', async () => {
    const headers = await loadMigrationHeaders(await discoverIn(fixtureProject('version-locations')));
    expect(headers.map((header) => [header.file, header.revision, header.downRevisions])).toEqual([
      ['db/versions/billing/b0000000002_billing.py', 'b0000000002', ['c0000000001']],
      ['db/versions/core/c0000000001_core_base.py', 'c0000000001', []],
      ['db/versions/core/c0000000003_core_after_billing.py', 'c0000000003', ['b0000000002']],
    ]);
  });
});

describe('loading a whole project', () => {
  it("loads every file of the app package that declares tables, keeping the tables of env.py's metadata", async () => {
    const models = await loadModels(await discoverIn(fixtureProject('pyproject-shop')));
    expect(models.files.map((file) => file.file)).toEqual(['shop_front/catalog/models.py', 'shop_front/catalog/schemas.py', 'shop_front/models.py', 'shop_front/orders/models.py']);
    // schemas.py's `scratch` is a Table on a MetaData of its own; env.py migrates Base.metadata
    expect(models.tables.map((table) => table.name)).toEqual(['product', 'setting', 'order']);
  });

  it('keeps reading the other migrations when one does not parse, and reports that one with its line', async () => {
    const p = await project();
    writeFiles(p.root, { 'alembic/versions/ccc_broken.py': `${migrationSource('ccc', 'bbb', 'broken')}\ndef upgrade(:\n    pass\n` });
    const headers = await loadMigrationHeaders(p);
    expect(headers.map((header) => header.revision)).toEqual(['aaa', 'bbb', 'ccc']);
    expect(headers[2]!.problem).toMatchObject({ line: 5, message: expect.stringMatching(/^invalid Python syntax/) });
    expect(headers.slice(0, 2).every((header) => header.problem === undefined)).toBe(true);
  });
});

describe('the parse cache', () => {
  const saved = { off: process.env.STK_MIGRATE_NO_CACHE, xdg: process.env.XDG_CACHE_HOME };
  afterEach(() => {
    restoreEnv('STK_MIGRATE_NO_CACHE', saved.off);
    restoreEnv('STK_MIGRATE_CACHE_DIR', cacheDir());
    restoreEnv('XDG_CACHE_HOME', saved.xdg);
  });

  it('writes one entry per file, keyed by a hash of its bytes, in STK_MIGRATE_CACHE_DIR', async () => {
    const p = await project();
    const file = cacheFile(p.root, 'migrations');
    expect(existsSync(file)).toBe(false);
    await loadMigrationHeaders(p);
    const cache = readCache(file);
    expect(Object.keys(cache.entries).sort()).toEqual(['alembic/versions/aaa_first.py', 'alembic/versions/bbb_second.py']);
    const bytes = readFileSync(join(p.root, 'alembic/versions/aaa_first.py'));
    expect(cache.entries['alembic/versions/aaa_first.py']).toMatchObject({ hash: sha1(bytes), data: { revision: 'aaa', message: 'first' } });
  });

  it('answers the second load from the cache without parsing unchanged files again', async () => {
    const p = await project();
    await loadMigrationHeaders(p);
    // a cached value that parsing could never produce proves the second load read the cache
    const file = cacheFile(p.root, 'migrations');
    const cache = readCache(file);
    cache.entries['alembic/versions/aaa_first.py']!.data.message = 'from the cache';
    writeCache(file, cache);
    const headers = await loadMigrationHeaders(p);
    expect(headers.find((header) => header.revision === 'aaa')?.message).toBe('from the cache');
    expect(headers.find((header) => header.revision === 'bbb')?.message).toBe('second');
  });

  it('parses a file again when it changed, and sees the new revision', async () => {
    const p = await project();
    expect((await loadMigrationHeaders(p)).map((header) => header.revision)).toEqual(['aaa', 'bbb']);
    writeFileSync(join(p.root, 'alembic/versions/bbb_second.py'), migrationSource('bbb', 'aaa', 'second, renamed'));
    writeFiles(p.root, { 'alembic/versions/ccc_third.py': migrationSource('ccc', 'bbb', 'third') });
    const headers = await loadMigrationHeaders(p);
    expect(headers.map((header) => [header.revision, header.message])).toEqual([
      ['aaa', 'first'],
      ['bbb', 'second, renamed'],
      ['ccc', 'third'],
    ]);
    expect(Object.keys(readCache(cacheFile(p.root, 'migrations')).entries)).toContain('alembic/versions/ccc_third.py');
  });

  it('parses a file again when its bytes changed but its size and modification time did not (touch -r, a checkout in the same second)', async () => {
    const p = await project();
    const path = join(p.root, 'alembic/versions/bbb_second.py');
    const second = 1_800_000_000;
    utimesSync(path, second, second);
    expect((await loadMigrationHeaders(p)).map((header) => header.downRevisions)).toEqual([[], ['aaa']]);
    const before = statSync(path);
    const edited = migrationSource('bbb', 'zzz', 'second');
    expect(edited.length).toBe(migrationSource('bbb', 'aaa', 'second').length);
    writeFileSync(path, edited);
    utimesSync(path, second, second);
    expect(statSync(path)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    const headers = await loadMigrationHeaders(p);
    expect(headers.map((header) => header.downRevisions)).toEqual([[], ['zzz']]);
    // and validate sees the parent that no longer exists
    const { validateMigrations } = await import('../../scripts/lib/migrate/validate.js');
    const result = await validateMigrations(p, { all: true, squawk: false });
    expect(result.findings.filter((finding) => finding.rule === 'missing-parent').map((finding) => finding.file)).toEqual(['alembic/versions/bbb_second.py']);
  });

  it('parses a file again when only its modification time changed (same size)', async () => {
    const p = await project();
    await loadMigrationHeaders(p);
    const path = join(p.root, 'alembic/versions/aaa_first.py');
    const source = migrationSource('aaa', null, 'first');
    const edited = migrationSource('zzz', null, 'FIRST');
    expect(edited.length).toBe(source.length);
    writeFileSync(path, edited);
    const later = new Date(statSync(path).mtimeMs + 5000);
    utimesSync(path, later, later);
    expect((await loadMigrationHeaders(p)).map((header) => header.revision)).toEqual(['zzz', 'bbb']);
  });

  it('drops deleted files from the cache', async () => {
    const p = await project();
    await loadMigrationHeaders(p);
    rmSync(join(p.root, 'alembic/versions/aaa_first.py'));
    expect((await loadMigrationHeaders(p)).map((header) => header.revision)).toEqual(['bbb']);
    expect(Object.keys(readCache(cacheFile(p.root, 'migrations')).entries)).toEqual(['alembic/versions/bbb_second.py']);
  });

  it('keeps projects apart: another root has its own cache file', async () => {
    const one = await project();
    const two = await project();
    await loadMigrationHeaders(one);
    await loadMigrationHeaders(two);
    expect(cacheFile(one.root, 'migrations')).not.toBe(cacheFile(two.root, 'migrations'));
    expect(existsSync(cacheFile(two.root, 'migrations'))).toBe(true);
  });

  it('caches model files too, and builds the same tables from the cache', async () => {
    const p = await project();
    const first = await loadModels(p);
    expect(first.tables.map((table) => [table.name, table.className, table.file])).toEqual([['user', 'User', 'app/user/models.py']]);
    // every file of the package has an entry: a parse, or null for one without a model's bytes
    expect(readCache(cacheFile(p.root, 'model-files-2')).entries).toMatchObject({ 'app/__init__.py': { data: null }, 'app/user/models.py': { data: { file: 'app/user/models.py' } } });
    expect(await loadModels(p)).toEqual(first);
  });

  it('starts afresh from a corrupt cache file or one of another format, and rewrites it', async () => {
    const p = await project();
    const file = cacheFile(p.root, 'migrations');
    writeFiles(cacheDir(), { [file.slice(cacheDir().length + 1)]: '{ not json' });
    expect((await loadMigrationHeaders(p)).map((header) => header.revision)).toEqual(['aaa', 'bbb']);
    expect(readCache(file).entries['alembic/versions/aaa_first.py']?.data.revision).toBe('aaa');
    const stale = readCache(file);
    stale.format = -1;
    stale.entries['alembic/versions/aaa_first.py']!.data.message = 'stale format';
    writeCache(file, stale);
    expect((await loadMigrationHeaders(p)).find((header) => header.revision === 'aaa')?.message).toBe('first');
    expect(readCache(file).format).not.toBe(-1);
  });

  it('ignores and rewrites a cache of the wrong shape, a half-written one and a hand-edited one', async () => {
    const p = await project();
    const file = cacheFile(p.root, 'migrations');
    await loadMigrationHeaders(p);
    const good = readCache(file);
    const whole = readFileSync(file, 'utf8');
    const edited = JSON.parse(whole.slice(whole.indexOf('\n') + 1)) as CacheContent;
    edited.entries['alembic/versions/aaa_first.py']!.data.message = 'edited by hand';
    const corruptions: Array<[string, string]> = [
      ['entries null, as the audit wrote it', '{"format":6,"entries":null}'],
      ['entries null, with a valid hash line', `${hashText('{"format":9,"entries":null}')}\n{"format":9,"entries":null}`],
      ['an entry without its hash', (() => { const body = JSON.stringify({ format: 9, entries: { 'alembic/versions/aaa_first.py': { data: 1 } } }); return `${hashText(body)}\n${body}`; })()],
      ['entries an array', (() => { const body = JSON.stringify({ format: 9, entries: [] }); return `${hashText(body)}\n${body}`; })()],
      ['half written', whole.slice(0, Math.floor(whole.length / 2))],
      ['edited without its hash line', `${whole.slice(0, whole.indexOf('\n'))}\n${JSON.stringify(edited)}`],
      ['empty', ''],
      ['null', 'null'],
    ];
    for (const [what, content] of corruptions) {
      writeFileSync(file, content);
      const headers = await loadMigrationHeaders(p);
      expect(headers.map((header) => [header.revision, header.message]), what).toEqual([
        ['aaa', 'first'],
        ['bbb', 'second'],
      ]);
      // the same entries: each file's hash and header (the identity and the time of the hash are this run's)
      expect(entriesOf(readCache(file)), what).toEqual(entriesOf(good));
    }
  });

  it('stays whole with many processes writing it at once (a temporary file, then a rename)', async () => {
    const p = await project();
    for (let index = 0; index < 30; index++) writeFiles(p.root, { [`alembic/versions/c${index}_x.py`]: migrationSource(`c${index}`, 'bbb', `m${index}`) });
    const file = cacheFile(p.root, 'migrations');
    const { execa } = await import('execa');
    // the bundled CLI, as the skill and the hook run it (npm run build first)
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        execa('node', [join(repoRoot, 'dist', 'cli.cjs'), 'context', '--format', 'json', '--database-url', 'sqlite://', '--project', p.root], { env: { STK_MIGRATE_CACHE_DIR: cacheDir(), PATH: process.env.PATH }, reject: false }),
      ),
    );
    const heads = runs.map((run) => [run.exitCode, run.stderr, (JSON.parse(run.stdout) as { migrations: unknown[] }).migrations.length]);
    expect(heads).toEqual(Array.from({ length: 8 }, () => [0, '', 32]));
    expect(Object.keys(readCache(file).entries)).toHaveLength(32);
    expect(readdirSync(cacheDir()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing with STK_MIGRATE_NO_CACHE, and still loads', async () => {
    process.env.STK_MIGRATE_NO_CACHE = '1';
    const p = await project();
    expect((await loadMigrationHeaders(p)).map((header) => header.revision)).toEqual(['aaa', 'bbb']);
    await loadModels(p);
    expect(existsSync(cacheFile(p.root, 'migrations'))).toBe(false);
    expect(existsSync(cacheFile(p.root, 'model-files-2'))).toBe(false);
  });

  it('still loads when the cache folder cannot be created', async () => {
    const blocker = join(tempDir('blocked'), 'a-file');
    writeFileSync(blocker, '');
    process.env.STK_MIGRATE_CACHE_DIR = join(blocker, 'cache');
    const p = await project();
    expect((await loadMigrationHeaders(p)).map((header) => header.revision)).toEqual(['aaa', 'bbb']);
  });

  it("defaults to $XDG_CACHE_HOME/stk-migrate, the user's cache folder, never the project", async () => {
    const xdg = tempDir('xdg');
    delete process.env.STK_MIGRATE_CACHE_DIR;
    process.env.XDG_CACHE_HOME = xdg;
    const p = await project();
    await loadMigrationHeaders(p);
    expect(existsSync(cacheFile(p.root, 'migrations', join(xdg, 'stk-migrate')))).toBe(true);
    expect(readdirSync(p.root).sort()).toEqual(['alembic', 'alembic.ini', 'app']);
  });
});

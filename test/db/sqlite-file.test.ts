import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSqliteTable } from '../../scripts/lib/db/sqlite-file.js';
import { holdOpen, sqliteExec, sqliteQuery, type HeldProcess } from '../helpers/python.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

/** The version table exactly as Alembic creates it. */
const alembicVersionDdl = 'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));';

function dbFile(name = 'app.db'): string {
  return join(tempDir('sqlite'), name);
}

/** SQLite values as JSON gives them (what Python's sqlite3 reports), for comparison. */
function plain(rows: unknown[][] | undefined): unknown[][] | undefined {
  return rows?.map((row) => row.map((value) => (typeof value === 'bigint' ? Number(value) : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value)));
}

describe('readSqliteTable on databases written by SQLite itself', () => {
  it('reads the alembic_version row', async () => {
    const file = dbFile();
    await sqliteExec(file, `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('8ceb393b0b26');`);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['8ceb393b0b26']]);
  });

  it('reads every row when the database has several heads applied', async () => {
    const file = dbFile();
    await sqliteExec(file, `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('aaa111'); INSERT INTO alembic_version VALUES ('20260326_0001');`);
    expect(readSqliteTable(file, 'alembic_version')?.map((row) => row[0]).sort()).toEqual(['20260326_0001', 'aaa111']);
  });

  it('returns an empty list for an empty table and undefined for a missing one', async () => {
    const file = dbFile();
    await sqliteExec(file, `${alembicVersionDdl} CREATE TABLE user (id INTEGER PRIMARY KEY, email TEXT); CREATE INDEX ix_user_email ON user (email); CREATE VIEW alembic_view AS SELECT 1;`);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([]);
    expect(readSqliteTable(file, 'custom_version_table')).toBeUndefined();
    expect(readSqliteTable(file, 'ix_user_email')).toBeUndefined();
    expect(readSqliteTable(file, 'alembic_view')).toBeUndefined();
  });

  it('matches the table name case-insensitively, as SQLite does', async () => {
    const file = dbFile();
    await sqliteExec(file, `CREATE TABLE Alembic_Version (version_num VARCHAR(32) NOT NULL); INSERT INTO Alembic_Version VALUES ('abc');`);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['abc']]);
  });

  it('decodes every storage class as SQLite does (integers of each width, floats, text, blobs, NULL, 0 and 1)', async () => {
    const file = dbFile();
    const values = [0, 1, -1, 127, -128, 32767, 40000, 8388607, -8388608, 2147483647, -2147483648, 140737488355327, -140737488355328, 9007199254740991];
    await sqliteExec(
      file,
      `CREATE TABLE t (n, f REAL, s TEXT, b BLOB, z);
       ${values.map((value, i) => `INSERT INTO t VALUES (${value}, ${i + 0.5}, 'row ${i} é😀', x'00ff${i.toString(16).padStart(2, '0')}', NULL);`).join('\n')}`,
    );
    const expected = await sqliteQuery(file, "SELECT n, f, s, hex(b), z FROM t ORDER BY rowid");
    const rows = plain(readSqliteTable(file, 't'));
    expect(rows).toEqual(expected.map((row) => [row[0], row[1], row[2], String(row[3]).toLowerCase(), row[4]]));
  });

  it('returns 64-bit integers beyond 2^53 as bigint, exactly', async () => {
    const file = dbFile();
    await sqliteExec(file, 'CREATE TABLE t (n); INSERT INTO t VALUES (9223372036854775807); INSERT INTO t VALUES (-9223372036854775808);');
    expect(readSqliteTable(file, 't')).toEqual([[9223372036854775807n], [-9223372036854775808n]]);
  });

  it('finds a table behind interior pages of a large schema (hundreds of tables, small pages)', async () => {
    const file = dbFile();
    const tables = Array.from({ length: 400 }, (_, i) => `CREATE TABLE feature_${i} (id INTEGER PRIMARY KEY, ${Array.from({ length: 12 }, (__, c) => `column_${c}_with_a_long_name VARCHAR(255) NOT NULL DEFAULT 'x'`).join(', ')});`).join('\n');
    await sqliteExec(file, `PRAGMA page_size = 1024; ${tables} ${alembicVersionDdl} INSERT INTO alembic_version VALUES ('deadbeef0001');`);
    const [[pages]] = (await sqliteQuery(file, 'PRAGMA page_count')) as [[number]];
    expect(pages).toBeGreaterThan(400);
    // the schema's root (page 1, after the 100-byte file header) is an interior table page
    expect(readFileSync(file)[100]).toBe(0x05);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['deadbeef0001']]);
    expect(readSqliteTable(file, 'feature_399')).toEqual([]);
  });

  it('reads a table of many rows spread over interior pages, in rowid order', async () => {
    const file = dbFile();
    await sqliteExec(
      file,
      `PRAGMA page_size = 512; CREATE TABLE t (label TEXT, n INTEGER);
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 5000) INSERT INTO t SELECT printf('label-%05d', i), i * 7 FROM seq;`,
    );
    const rows = readSqliteTable(file, 't')!;
    expect(rows).toHaveLength(5000);
    expect(rows[0]).toEqual(['label-00001', 7]);
    expect(rows[4999]).toEqual(['label-05000', 35000]);
    expect(rows.map((row) => row[1])).toEqual(Array.from({ length: 5000 }, (_, i) => (i + 1) * 7));
  });

  it('follows overflow pages for payloads larger than a page', async () => {
    const file = dbFile();
    await sqliteExec(
      file,
      `PRAGMA page_size = 1024; CREATE TABLE t (k TEXT, v TEXT, b BLOB);
       INSERT INTO t VALUES ('small', 'x', NULL);
       INSERT INTO t VALUES ('just-over', printf('%.1010c', 'a'), NULL);
       INSERT INTO t VALUES ('large', (SELECT group_concat(printf('%06d', value), '') FROM generate_series(1, 5000)), randomblob(3000));`.replace(
        "(SELECT group_concat(printf('%06d', value), '') FROM generate_series(1, 5000))",
        "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5000) SELECT group_concat(printf('%06d', i), '') FROM s)",
      ),
    );
    const expected = await sqliteQuery(file, 'SELECT k, v, hex(b) FROM t ORDER BY rowid');
    const rows = plain(readSqliteTable(file, 't'))!;
    // SQLite's hex(NULL) is ''
    expect(rows.map((row) => [row[0], row[1], row[2] === null ? '' : String(row[2]).toUpperCase()])).toEqual(expected);
    expect(String(rows[2]![1])).toHaveLength(30000);
    expect(String(rows[1]![1])).toHaveLength(1010);
  });

  it('reads a database with the largest page size (65536, stored as 1)', async () => {
    const file = dbFile();
    await sqliteExec(file, `PRAGMA page_size = 65536; ${alembicVersionDdl} INSERT INTO alembic_version VALUES ('big0page');`);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['big0page']]);
  });

  it.each(['UTF-16le', 'UTF-16be'])('decodes text of a %s database', async (encoding) => {
    const file = dbFile();
    await sqliteExec(file, `PRAGMA encoding = '${encoding}'; ${alembicVersionDdl} INSERT INTO alembic_version VALUES ('ab12é');`);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['ab12é']]);
  });

  it('throws for a file that is not a SQLite database, and for a truncated one', () => {
    const notDb = dbFile('notes.db');
    writeFileSync(notDb, 'this is a text file, not a database\n'.repeat(10));
    expect(() => readSqliteTable(notDb, 'alembic_version')).toThrow('not a SQLite database');
    const empty = dbFile('empty.db');
    writeFileSync(empty, '');
    expect(() => readSqliteTable(empty, 'alembic_version')).toThrow();
  });

  it('never writes to the database file', async () => {
    const file = dbFile();
    await sqliteExec(file, `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('abc');`);
    const before = statSync(file);
    readSqliteTable(file, 'alembic_version');
    const after = statSync(file);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(existsSync(`${file}-journal`)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});

describe('readSqliteTable on a database in WAL mode', () => {
  let writer: HeldProcess | undefined;
  afterEach(async () => {
    await writer?.release();
    writer = undefined;
  });

  /** Python that opens `sys.argv[1]` in WAL mode without automatic checkpoints, as connection `c`. */
  const openWal = [
    'import sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1], isolation_level=None)',
    'assert c.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"',
    'c.execute("PRAGMA wal_autocheckpoint=0")',
  ].join('\n');

  it('sees committed changes that are only in the -wal file', async () => {
    const file = dbFile();
    await sqliteExec(file, `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('before');`);
    writer = await holdOpen(`${openWal}\nc.execute("UPDATE alembic_version SET version_num = 'after'")\nc.execute("CREATE TABLE later (x)")\nc.execute("INSERT INTO later VALUES (42)")`, [file]);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(32);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['after']]);
    expect(readSqliteTable(file, 'later')).toEqual([[42]]);

    // a copy of the database and its -wal, as a backup tool or a test fixture would take
    const copy = join(tempDir('walcopy'), 'copy.db');
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);
    expect(readSqliteTable(copy, 'alembic_version')).toEqual([['after']]);
    // without its -wal, the same file holds the state of the last checkpoint
    const alone = join(tempDir('walalone'), 'alone.db');
    copyFileSync(file, alone);
    expect(readSqliteTable(alone, 'alembic_version')).toEqual([['before']]);
    expect(readSqliteTable(alone, 'later')).toBeUndefined();
  });

  it('ignores frames of a transaction that is not committed yet', async () => {
    const file = dbFile();
    await sqliteExec(file, `${alembicVersionDdl} INSERT INTO alembic_version VALUES ('checkpointed'); CREATE TABLE filler (data BLOB);`);
    // a tiny page cache makes SQLite spill the open transaction's pages into the WAL before the commit
    writer = await holdOpen(
      `${openWal}\nc.execute("UPDATE alembic_version SET version_num = 'committed'")\nc.execute("PRAGMA cache_size=2")\nc.execute("BEGIN")\nc.execute("UPDATE alembic_version SET version_num = 'uncommitted'")\nfor i in range(300):\n    c.execute("INSERT INTO filler VALUES (randomblob(2000))")`,
      [file],
    );
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(100_000);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['committed']]);
    expect(readSqliteTable(file, 'filler')).toEqual([]);
  });

  it('ignores stale frames of an earlier WAL generation left after a checkpoint restart', async () => {
    const file = dbFile();
    // alembic_version lives on the highest page, so its stale frame comes last in the old generation
    await sqliteExec(file, `CREATE TABLE filler (data BLOB); INSERT INTO filler SELECT randomblob(3000) FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 40) SELECT i FROM s); ${alembicVersionDdl} INSERT INTO alembic_version VALUES ('first');`);
    writer = await holdOpen(
      [
        openWal,
        'c.execute("BEGIN")',
        'c.execute("UPDATE filler SET data = randomblob(3000)")',
        'c.execute("UPDATE alembic_version SET version_num = \'stale\'")',
        'c.execute("COMMIT")',
        'assert c.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()[0] == 0',
        'c.execute("UPDATE alembic_version SET version_num = \'fresh\'")',
      ].join('\n'),
      [file],
    );
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(40 * 4096);
    expect(readSqliteTable(file, 'alembic_version')).toEqual([['fresh']]);
  });
});

import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/example-project.js';
import { pgAdminUrl } from '../helpers/pg.js';
import { systemPython } from '../helpers/python.js';

/**
 * The helper's guard on the drivers themselves: with only the throwaway database allowed, a connection the
 * project opens through sqlite3, psycopg2 or asyncpg to any other database is refused before it opens.
 * The helper keeps stdout for its protocol, so the program answers on stderr, one line per attempt.
 */
const program = `
import asyncio, os, sys
sys.path.insert(0, sys.argv[1])
import stk_migrate_helper as helper
admin, scratch = sys.argv[2], sys.argv[3]
guard = helper.Guard()
throwaway = os.path.join(scratch, "throwaway.db")
guard.allow("sqlite:///" + throwaway, admin.rsplit("/", 1)[0] + "/postgres")

def attempt(label, open_):
    try:
        connection = open_()
        if asyncio.iscoroutine(connection):
            connection = asyncio.run(connection)
        print(label, "opened", file=sys.stderr)
    except helper.ForeignDatabaseError as error:
        print(label, "refused:", error, file=sys.stderr)
    except Exception as error:
        print(label, "failed:", type(error).__name__, file=sys.stderr)

import sqlite3, psycopg2, asyncpg
attempt("sqlite throwaway", lambda: sqlite3.connect(throwaway))
attempt("sqlite memory", lambda: sqlite3.connect(":memory:"))
attempt("sqlite mine", lambda: sqlite3.connect(os.path.join(scratch, "mine.db")))
attempt("sqlite mine uri", lambda: sqlite3.connect("file:" + os.path.join(scratch, "mine.db") + "?mode=rw", uri=True))
attempt("psycopg2 url allowed", lambda: psycopg2.connect(admin))
attempt("psycopg2 url mine", lambda: psycopg2.connect(admin.rsplit("/", 1)[0] + "/mine"))
attempt("psycopg2 keywords mine", lambda: psycopg2.connect("dbname=mine user=x host=127.0.0.1"))
attempt("psycopg2 dbname keyword", lambda: psycopg2.connect(dbname="mine", host="127.0.0.1"))
attempt("asyncpg url mine", lambda: asyncpg.connect(admin.rsplit("/", 1)[0] + "/mine"))
attempt("asyncpg database keyword", lambda: asyncpg.connect(host="127.0.0.1", database="mine"))
`;

describe("the throwaway helper's guard on the database drivers", () => {
  it('refuses sqlite3, psycopg2 and asyncpg connections to any database but the throwaway ones, and lets those open', async () => {
    const scratch = (await execa('mktemp', ['-d'])).stdout;
    const result = await execa(systemPython, ['-c', program, join(repoRoot, 'scripts', 'python'), pgAdminUrl, scratch], { reject: false });
    await execa('rm', ['-rf', scratch]);
    const lines = result.stderr.split('\n').filter((line) => /^(sqlite|psycopg2|asyncpg) /.test(line));
    expect(lines, result.stderr).toEqual([
      'sqlite throwaway opened',
      'sqlite memory opened',
      expect.stringMatching(/^sqlite mine refused: refused to open the sqlite database '.*mine\.db' through sqlite3\.connect/),
      expect.stringMatching(/^sqlite mine uri refused: .*mine\.db/),
      'psycopg2 url allowed opened',
      "psycopg2 url mine refused: refused to open the postgresql database 'mine' through psycopg2.connect: it is not the throwaway database",
      "psycopg2 keywords mine refused: refused to open the postgresql database 'mine' through psycopg2.connect: it is not the throwaway database",
      "psycopg2 dbname keyword refused: refused to open the postgresql database 'mine' through psycopg2.connect: it is not the throwaway database",
      "asyncpg url mine refused: refused to open the postgresql database 'mine' through asyncpg.connect: it is not the throwaway database",
      "asyncpg database keyword refused: refused to open the postgresql database 'mine' through asyncpg.connect: it is not the throwaway database",
    ]);
  });
});

import { existsSync } from 'node:fs';
import { execa } from 'execa';

/**
 * A Python with the sqlite3 module and Debian's alembic/sqlalchemy: Debian's own interpreter when it
 * is there (the pyenv python3 first on PATH may lack alembic), else whatever python3 PATH offers.
 */
export const systemPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Runs a Python program with `args` (sys.argv[1:]) and returns its stdout; throws on a non-zero exit. */
export async function runPython(code: string, args: string[] = [], cwd?: string): Promise<string> {
  const result = await execa(systemPython, ['-c', code, ...args], { cwd, stdin: 'ignore' });
  return result.stdout;
}

/** Creates (or extends) a SQLite database at `file` by running `statements` with Python's sqlite3. */
export async function sqliteExec(file: string, statements: string): Promise<void> {
  await runPython('import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.executescript(sys.argv[2])\nc.commit()\nc.close()', [file, statements]);
}

/** Rows of a query, read with Python's sqlite3 (the reference the hand-written reader is checked against). */
export async function sqliteQuery(file: string, query: string): Promise<unknown[][]> {
  const out = await runPython('import json, sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(json.dumps([list(r) for r in c.execute(sys.argv[2])]))', [file, query]);
  return JSON.parse(out) as unknown[][];
}

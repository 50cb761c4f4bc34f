import { existsSync } from 'node:fs';
import { execa } from 'execa';

/**
 * A Python with the sqlite3 module and Debian's alembic/sqlalchemy: Debian's own interpreter when it
 * is there (the pyenv python3 first on PATH may lack alembic), else whatever python3 PATH offers.
 */
export const systemPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Runs a Python program with `args` (sys.argv[1:]) and returns its stdout; throws on a non-zero exit. */
export async function runPython(code: string, args: string[] = [], options: { cwd?: string; input?: string } = {}): Promise<string> {
  const result = await execa(systemPython, ['-c', code, ...args], { cwd: options.cwd, ...(options.input === undefined ? { stdin: 'ignore' } : { input: options.input }) });
  return result.stdout;
}

/** Creates (or extends) a SQLite database at `file` by running `statements` (given on stdin, so they may be long) with Python's sqlite3. */
export async function sqliteExec(file: string, statements: string): Promise<void> {
  await runPython('import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.executescript(sys.stdin.read())\nc.commit()\nc.close()', [file], { input: statements });
}

/** Rows of a query, read with Python's sqlite3 (the reference the hand-written reader is checked against). */
export async function sqliteQuery(file: string, query: string): Promise<unknown[][]> {
  const out = await runPython('import json, sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(json.dumps([list(r) for r in c.execute(sys.argv[2])]))', [file, query]);
  return JSON.parse(out) as unknown[][];
}

export interface HeldProcess {
  /** Lets the Python program finish (it closes its connection) and waits for it. */
  release(): Promise<void>;
}

/**
 * Runs a Python program that prints `ready` when it has done its work and then waits for a line on
 * stdin before exiting: whatever it holds open (a SQLite connection keeping its -wal file) stays
 * open until `release()`.
 */
export async function holdOpen(code: string, args: string[] = []): Promise<HeldProcess> {
  const child = execa(systemPython, ['-c', `${code}\nimport sys\nprint("ready", flush=True)\nsys.stdin.readline()\n`, ...args], { stdin: 'pipe', reject: false });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('ready')) resolve();
    });
    void child.then((result) => reject(new Error(`the Python program exited before it was ready: ${result.stderr}`)));
  });
  return {
    async release() {
      child.stdin!.end('\n');
      const result = await child;
      if (result.exitCode !== 0) throw new Error(`the Python program failed: ${result.stderr}`);
    },
  };
}

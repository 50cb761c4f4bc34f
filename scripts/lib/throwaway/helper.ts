import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { z } from 'zod';
import { hideSecrets } from '../discover/url.js';
import { AnswerSchema, HelloSchema, type Hello, type PythonError } from './protocol.js';

const helperFile = 'stk_migrate_helper.py';
const here = dirname(fileURLToPath(import.meta.url));

/** A helper ships beside the bundles (dist/python/); in development it is in scripts/python/. */
export function helperScript(name = helperFile): string {
  const candidates = [join(here, 'python', name), join(here, '..', '..', 'python', name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`the Python helper ${name} is missing (looked in ${candidates.join(', ')}); rebuild with npm run build`);
  return found;
}

/** A Python exception reported by the helper: its last traceback line, and the migration file and line it came from. */
export class PythonFailure extends Error {
  override name = 'PythonFailure';
  constructor(
    readonly op: string,
    readonly detail: PythonError,
  ) {
    super(detail.message);
  }
}

interface Pending {
  op: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface HelperOptions {
  /** The interpreter argv, e.g. ['uv', 'run', 'python'] or ['/usr/bin/python3']. */
  python: string[];
  cwd: string;
  env: Record<string, string>;
  /** Strings never to show (passwords), replaced by *** in every message. */
  secrets: string[];
  /** The helper's file name in the python folder (default: stk_migrate_helper.py; stk_app_helper.py adds the app's ops). */
  script?: string;
}

/** One long-lived helper process, spoken to in JSON lines: one request, one answer, in order. */
export class PythonHelper {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = '';
  private exited: string | undefined;
  private readonly done: Promise<void>;

  private constructor(
    private readonly child: ResultPromise<{ stdin: 'pipe'; stdout: 'pipe'; stderr: 'pipe'; buffer: false; reject: false }>,
    private readonly secrets: string[],
    private readonly label: string,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.answer(line));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-8000);
    });
    child.stdin.on('error', () => undefined);
    this.done = child.then((result) => {
      const last = this.redact(this.stderrTail.trim().split('\n').pop() ?? '');
      this.exited = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.exitCode}${last ? `: ${last}` : ''}`;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(new Error(`the Python helper ${this.exited} (during '${waiting.op}')`));
      }
    });
  }

  /** Starts the process; call `hello()` next to know it runs. */
  static spawn(options: HelperOptions): PythonHelper {
    const [command, ...args] = options.python;
    const child = execa(command!, [...args, helperScript(options.script)], {
      cwd: options.cwd,
      env: { ...options.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
    });
    return new PythonHelper(child, options.secrets.filter(Boolean), options.python.join(' '));
  }

  /** The versions the helper runs with; fails with one line when the interpreter cannot run it. */
  hello(): Promise<Hello> {
    return this.request('hello', {}, HelloSchema).catch((error: Error) => {
      throw new Error(`cannot start the Python helper with ${this.label}: ${error.message}`);
    });
  }

  private redact(text: string): string {
    return hideSecrets(text, this.secrets);
  }

  private answer(line: string): void {
    let parsed: z.infer<typeof AnswerSchema>;
    try {
      parsed = AnswerSchema.parse(JSON.parse(line));
    } catch {
      this.stderrTail += `\n(unreadable helper output: ${line.slice(0, 200)})`;
      return;
    }
    // id null: the helper failed before it could read a request (e.g. alembic is not importable)
    const id = parsed.id ?? this.pending.keys().next().value;
    const waiting = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || !waiting) return;
    this.pending.delete(id);
    if (parsed.ok) waiting.resolve(parsed.result);
    else {
      const detail = { ...parsed.error, message: this.redact(parsed.error.message), traceback: this.redact(parsed.error.traceback) };
      waiting.reject(new PythonFailure(waiting.op, detail));
    }
  }

  /** Sends one request and validates its answer; a Python exception rejects with PythonFailure. */
  request<S extends z.ZodType>(op: string, params: Record<string, unknown>, schema: S): Promise<z.infer<S>> {
    if (this.exited) return Promise.reject(new Error(`the Python helper ${this.exited}`));
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { op, resolve, reject }));
    this.child.stdin.write(`${JSON.stringify({ id, op, ...params })}\n`);
    return answer.then((result) => {
      const checked = schema.safeParse(result);
      if (!checked.success) throw new Error(`the Python helper answered '${op}' with unexpected data: ${checked.error.issues[0]?.message ?? ''}`);
      return checked.data;
    });
  }

  /** Asks the helper to finish; stops it when it does not within two seconds. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end(`${JSON.stringify({ id: this.nextId++, op: 'close' })}\n`);
    const timer = setTimeout(() => void this.stop(), 2000);
    await this.done;
    clearTimeout(timer);
  }

  /** SIGTERM, then SIGKILL: `uv run` passes SIGTERM on to Python, which SIGKILL could not. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.done;
    clearTimeout(timer);
  }
}

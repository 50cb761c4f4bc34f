import { execa } from 'execa';
import { systemPython } from '../../helpers/python.js';
import { ContextSchema, type Context } from '../../../scripts/lib/migrate/context/schema.js';
import { cli } from '../roundtrip/support.js';

/** A command of the project's own tooling (`flask db ...`, `alembic ...`) with Debian's Python, as its developer runs it. */
export async function tool(root: string, module: 'flask' | 'alembic', args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await execa(systemPython, ['-m', module, ...args], { cwd: root, all: true, env, stdin: 'ignore' });
  return result.all ?? '';
}

/** The installed Alembic's version, to run a layout's real-tool checks only where that Alembic reads the layout. */
export async function alembicVersion(): Promise<number[]> {
  const { stdout } = await execa(systemPython, ['-c', 'import alembic; print(alembic.__version__)']);
  return stdout.trim().split('.').map(Number);
}

export function atLeast(version: number[], wanted: number[]): boolean {
  for (let index = 0; index < wanted.length; index += 1) {
    const have = version[index] ?? 0;
    if (have !== wanted[index]) return have > wanted[index]!;
  }
  return true;
}

/** `stk-migrate context --format json` in `cwd`, parsed. */
export async function contextJson(cwd: string, ...args: string[]): Promise<Context> {
  const result = await cli(cwd, ['context', '--format', 'json', ...args]);
  if (result.exitCode !== 0) throw new Error(`context failed: ${result.stderr}`);
  return ContextSchema.parse(JSON.parse(result.stdout));
}

/** Revision ids in a tool's output (`heads`, `current`). */
export function revisionIds(output: string): string[] {
  return output.split(/\s+/).filter((word) => /^[0-9a-f]{12}$/.test(word)).sort();
}

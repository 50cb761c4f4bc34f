import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../cli/command.js';
import { relativePath } from '../discover/files.js';
import { cliArgv, findOnPath, resolvePython } from '../discover/runner.js';
import type { Project } from '../discover/types.js';
import { loadMigrationHeaders } from '../migrate/load.js';
import { revisionGraph } from '../migrate/graph.js';

/** A check to run, one to report as skipped, or one that failed before it could start. */
export type PlannedCheck =
  | {
      kind: 'run';
      name: string;
      argv: string[];
      /** Output that means the tool lacks this command: reported as skipped, not failed. */
      unavailable?: { marker: string; reason: string };
    }
  | { kind: 'skip'; name: string; reason: string }
  | { kind: 'fail'; name: string; reason: string };

async function projectPython(project: Project): Promise<string[] | Error> {
  try {
    return await resolvePython(project.root, project.runner, project.config);
  } catch (error) {
    return error as Error;
  }
}

function ruffExecutable(project: Project): string | undefined {
  const inVenv = ['.venv/bin/ruff', 'venv/bin/ruff'].map((file) => join(project.root, file)).find((file) => existsSync(file));
  return inVenv ?? findOnPath('ruff')[0];
}

/** The files ruff looks at: those given (relative to `cwd`), else the head revisions' files. */
async function ruffTargets(project: Project, files: string[], cwd: string): Promise<string[]> {
  if (files.length > 0) {
    return files.map((file) => {
      const absolute = isAbsolute(file) ? file : resolve(cwd, file);
      if (!existsSync(absolute)) throw new UsageError(`${file}: no such file (stk-migrate check [files...])`);
      return relativePath(project.root, absolute);
    });
  }
  const graph = revisionGraph(await loadMigrationHeaders(project));
  return graph.heads.map((head) => graph.byRevision.get(head)!.file);
}

/** The project's own checks, in the order they run: checks.py, stk verify, then ruff on the migrations. */
export async function planChecks(project: Project, files: string[], cwd: string): Promise<PlannedCheck[]> {
  const planned: PlannedCheck[] = [];
  const python = await projectPython(project);

  if (!existsSync(join(project.root, 'checks.py'))) planned.push({ kind: 'skip', name: 'checks.py', reason: 'none in the project root, skipped' });
  else if (python instanceof Error) planned.push({ kind: 'fail', name: 'checks.py', reason: python.message });
  else planned.push({ kind: 'run', name: 'checks.py', argv: [...python, 'checks.py'] });

  if (!project.stkEntry) planned.push({ kind: 'skip', name: 'stk verify', reason: 'no stk script in pyproject.toml, skipped' });
  else if (python instanceof Error) planned.push({ kind: 'fail', name: 'stk verify', reason: python.message });
  else {
    // cliArgv ends with the `db` group; `verify` is a command of stk itself.
    const stk = cliArgv({ kind: 'stk', label: 'stk db' }, project.runner, python, project.stkEntry).slice(0, -1);
    planned.push({
      kind: 'run',
      name: 'stk verify',
      argv: [...stk, 'verify'],
      unavailable: { marker: "No such command 'verify'", reason: 'this stk has no verify command, skipped' },
    });
  }

  const ruff = ruffExecutable(project);
  const targets = await ruffTargets(project, files, cwd);
  if (!ruff) planned.push({ kind: 'skip', name: 'ruff', reason: 'not installed, skipped' });
  else if (targets.length === 0) planned.push({ kind: 'skip', name: 'ruff', reason: 'no migration to check, skipped' });
  else {
    planned.push({ kind: 'run', name: 'ruff check', argv: [ruff, 'check', ...targets] });
    planned.push({ kind: 'run', name: 'ruff format --check', argv: [ruff, 'format', '--check', ...targets] });
  }
  return planned;
}

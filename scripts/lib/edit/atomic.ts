import { lstatSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';

/** One change to a project's files, by a path relative to its root. */
export type FileOp =
  | { kind: 'write'; path: string; content: string | Uint8Array; mode?: number }
  /** A file, or a folder with everything in it. */
  | { kind: 'delete'; path: string };

export interface AtomicOptions {
  /** Folder (relative to the root, created when missing) that holds the staged files and the backups; it must be on the targets' file system. */
  stagingIn: string;
  /** Folders (relative to the root) never removed when a delete leaves them empty. */
  keepDirs?: string[];
  /** Called before each step of the swap; a throw there is a failure midway (tests inject one here). */
  beforeStep?: (step: number, op: FileOp) => void;
}

/** The staging folder's name starts so: one left behind means a run was killed before it could restore or clean up. */
export const STAGING_PREFIX = '.stk-skills-edit-';

/** Thrown when the changes could not all be made; the project is as it was unless `restored` is false. */
export class EditFailure extends Error {
  override name = 'EditFailure';
  constructor(
    message: string,
    readonly restored: boolean,
  ) {
    super(message);
  }
}

function inside(root: string, path: string): string {
  const target = normalize(join(root, path));
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`refusing to touch ${path}: not inside ${root}`);
  return target;
}

function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** Removes `dir` and its parents while they are empty, stopping at `stop` (exclusive) or at a kept folder. */
function removeEmptyDirs(dir: string, stop: string, keep: Set<string>): void {
  for (let current = dir; current !== stop && current.startsWith(stop + sep) && !keep.has(current); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}

/**
 * Makes every change or none: the new contents are written to a staging folder first, then each target
 * is swapped in by rename, its old version kept as a backup; any failure (or Ctrl-C, deferred to the next
 * step) undoes the steps already made, newest first, and rethrows. Only on success are the backups removed.
 */
export function applyAtomically(root: string, ops: FileOp[], options: AtomicOptions): void {
  if (ops.length === 0) return;
  const targets = ops.map((op) => inside(root, op.path));
  const stagingParent = inside(root, options.stagingIn);
  const createdParent = exists(stagingParent) ? undefined : mkdirSync(stagingParent, { recursive: true });
  const staging = mkdtempSync(join(stagingParent, STAGING_PREFIX));
  const undo: Array<() => void> = [];
  let interrupted: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let keepStaging = false;
  try {
    ops.forEach((op, index) => {
      if (op.kind !== 'write') return;
      // A replaced file keeps its permissions unless the op says otherwise.
      const existing = lstatSync(targets[index]!, { throwIfNoEntry: false });
      writeFileSync(join(staging, `new-${index}`), op.content, { mode: op.mode ?? (existing ? existing.mode & 0o777 : 0o644) });
    });
    ops.forEach((op, index) => {
      if (interrupted) throw new Error(`interrupted by ${interrupted}`);
      options.beforeStep?.(index, op);
      const target = targets[index]!;
      if (exists(target)) {
        const backup = join(staging, `old-${index}`);
        renameSync(target, backup);
        undo.push(() => renameSync(backup, target));
      }
      if (op.kind === 'write') {
        const parent = dirname(target);
        const created = mkdirSync(parent, { recursive: true });
        if (created) undo.push(() => removeEmptyDirs(parent, dirname(created), new Set()));
        renameSync(join(staging, `new-${index}`), target);
        undo.push(() => rmSync(target, { force: true }));
      }
    });
    if (interrupted) throw new Error(`interrupted by ${interrupted}`);
  } catch (error) {
    const failures: string[] = [];
    for (const step of undo.reverse()) {
      try {
        step();
      } catch (undoError) {
        failures.push((undoError as Error).message);
      }
    }
    const reason = (error as Error).message.split('\n')[0];
    if (failures.length > 0) {
      keepStaging = true;
      throw new EditFailure(`${reason}; restoring the project failed too (${failures[0]}): the old files are in ${relative(root, staging)}`, false);
    }
    throw new EditFailure(`${reason}; nothing was changed (every step was undone)`, true);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!keepStaging) {
      rmSync(staging, { recursive: true, force: true });
      if (createdParent) removeEmptyDirs(stagingParent, root, new Set());
    }
  }
  const keep = new Set((options.keepDirs ?? []).map((dir) => inside(root, dir)));
  ops.forEach((op, index) => {
    if (op.kind === 'delete') removeEmptyDirs(dirname(targets[index]!), root, keep);
  });
}

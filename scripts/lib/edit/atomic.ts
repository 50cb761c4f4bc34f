import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { reasonOf } from '../cli/errors.js';

/** One change to a project's files, by a path relative to its root. */
export type FileOp =
  | { kind: 'write'; path: string; content: string | Uint8Array; mode?: number }
  /** A file, or a folder with everything in it. */
  | { kind: 'delete'; path: string };

export interface AtomicOptions {
  /** Folder (relative to the root, created when missing; '' for the root) that holds the staged files and the backups; it must be on the targets' file system. */
  stagingIn: string;
  /** Folders (relative to the root) never removed when a delete leaves them empty. */
  keepDirs?: string[];
  /** Called before each step of the swap; a throw there is a failure midway (tests inject one here). */
  beforeStep?: (step: number, op: FileOp) => void;
}

/** The staging folder's name starts so: one left behind means a run was killed, or could not remove it. */
export const STAGING_PREFIX = '.stk-skills-edit-';

/** A staging folder that outlived a finished change: the change stands, the folder (old versions of the files) is clutter. */
export interface Leftover {
  /** Relative to the root, forward slashes, ending in `/`. */
  folder: string;
  /** What could not be removed and why, in words. */
  reason: string;
}

/** Written into each staging folder, so that `git add .` leaves one that outlives its run out. */
const STAGING_IGNORE = '.gitignore';

/**
 * Removes a staging folder with everything in it, as much as it can: a part that cannot be removed does
 * not stop the rest, and its .gitignore goes last. Returns the first failure (its path inside the
 * folder, and why), or undefined when all is gone.
 */
function removeStaging(staging: string): string | undefined {
  let failure: string | undefined;
  const remove = (path: string) => {
    try {
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) {
        for (const name of readdirSync(path)) remove(join(path, name));
        rmdirSync(path);
      } else if (stat) unlinkSync(path);
    } catch (error) {
      failure ??= `${relative(staging, path).split(sep).join('/') || '.'}: ${reasonOf(error)}`;
    }
  };
  try {
    for (const name of readdirSync(staging)) if (name !== STAGING_IGNORE) remove(join(staging, name));
  } catch (error) {
    return `.: ${reasonOf(error)}`;
  }
  if (failure === undefined) remove(staging);
  return failure;
}

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
export function applyAtomically(root: string, ops: FileOp[], options: AtomicOptions): { leftover?: Leftover } {
  if (ops.length === 0) return {};
  const targets = ops.map((op) => inside(root, op.path));
  const stagingParent = options.stagingIn === '' ? root : inside(root, options.stagingIn);
  const createdParent = exists(stagingParent) ? undefined : mkdirSync(stagingParent, { recursive: true });
  const staging = mkdtempSync(join(stagingParent, STAGING_PREFIX));
  writeFileSync(join(staging, STAGING_IGNORE), '*\n');
  const undo: Array<() => void> = [];
  let interrupted: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const cleanUp = (): Leftover | undefined => {
    const left = removeStaging(staging);
    if (left) return { folder: `${relative(root, staging).split(sep).join('/')}/`, reason: left };
    if (createdParent) removeEmptyDirs(stagingParent, root, new Set());
    return undefined;
  };
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
      throw new EditFailure(`${reason}; restoring the project failed too (${failures[0]}): the old files are in ${relative(root, staging)}`, false);
    }
    const left = cleanUp();
    const clutter = left ? `; ${left.folder} could not be removed (${left.reason}): remove it` : '';
    throw new EditFailure(`${reason}; nothing was changed (every step was undone)${clutter}`, true);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // Committed: from here on a failure is clutter to report, never a failed change.
  const keep = new Set((options.keepDirs ?? []).map((dir) => inside(root, dir)));
  const leftover = cleanUp();
  ops.forEach((op, index) => {
    if (op.kind === 'delete') removeEmptyDirs(dirname(targets[index]!), root, keep);
  });
  return leftover ? { leftover } : {};
}

/** One file a command writes: its content when the command read it (null: a new file), and the new content. */
export interface FileChange {
  /** Absolute path. */
  path: string;
  before: string | null;
  after: string;
}

/** A file changed on disk between the command reading it and writing it: nothing was written. */
export class ConcurrentEdit extends Error {
  override name = 'ConcurrentEdit';
}

function commonFolder(paths: readonly string[]): string {
  let common = dirname(paths[0]!);
  while (!paths.every((path) => path.startsWith(common + sep)) && dirname(common) !== common) common = dirname(common);
  return common;
}

/**
 * Writes every change or none, for a command that read the files first: each must still be as the command
 * read it (else nothing is written), then `applyAtomically` swaps them all in or restores every one. A
 * leftover staging folder comes back with its absolute path (the caller does not know the folder it is in).
 */
export function writeAllOrNothing(changes: readonly FileChange[]): { leftover?: Leftover } {
  if (changes.length === 0) return {};
  for (const change of changes) {
    const now = existsSync(change.path) ? readFileSync(change.path, 'utf8') : null;
    if (now !== change.before) throw new ConcurrentEdit(`${change.path} changed while the command ran; nothing was written, run it again`);
  }
  const root = commonFolder(changes.map((change) => change.path));
  const { leftover } = applyAtomically(
    root,
    changes.map((change) => ({ kind: 'write', path: relative(root, change.path), content: change.after })),
    { stagingIn: '' },
  );
  return leftover ? { leftover: { ...leftover, folder: join(root, leftover.folder) } } : {};
}

/** A note for a leftover staging folder of `writeAllOrNothing`, its path relative to `root`. */
export function leftoverNote(leftover: Leftover, root: string): string {
  return `the files were written, but ${relative(root, leftover.folder).split(sep).join('/')}/ (their old versions) could not be removed (${leftover.reason}): remove it`;
}

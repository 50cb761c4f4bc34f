import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.stk-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes every change or none. Each file is first checked to be as the command read it, then written to a
 * temporary file beside it; only when all are written do renames put them in place, and a failing rename
 * restores the files already replaced. Synchronous from the check to the last rename, so a signal cannot land
 * in between.
 */
export function writeAllOrNothing(changes: readonly FileChange[]): void {
  for (const change of changes) {
    const now = existsSync(change.path) ? readFileSync(change.path, 'utf8') : null;
    if (now !== change.before) throw new ConcurrentEdit(`${change.path} changed while the command ran; nothing was written, run it again`);
  }
  const staged: { change: FileChange; temporary: string }[] = [];
  try {
    for (const change of changes) {
      const temporary = temporaryPath(change.path);
      staged.push({ change, temporary });
      writeFileSync(temporary, change.after, { mode: change.before === null ? 0o644 : statSync(change.path).mode });
    }
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    throw error;
  }
  const done: FileChange[] = [];
  try {
    for (const { change, temporary } of staged) {
      renameSync(temporary, change.path);
      done.push(change);
    }
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    for (const change of done.reverse()) {
      if (change.before === null) rmSync(change.path, { force: true });
      else writeFileSync(change.path, change.before);
    }
    throw error;
  }
}

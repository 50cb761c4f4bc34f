import fs from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What a file system entry is now, as numbers: the kept runs' check (lib/cache/kept-runs.ts) looks at every
 * entry a run saw, every migration of the history among them, so this is the one loop that grows with a
 * project. `lookAt` fills `looked` (no object per entry): `kind`, then inode, size, modification and change
 * times in milliseconds, as `fs.Stats` has them.
 *
 * Node 20's `fs.statSync` builds a `Stats` object with four `Date`s per call: in a process that has just
 * started (the hook, every time) that is ~11 µs an entry here, against ~4.5 µs for the file system binding
 * under it, which fills one shared array. The binding is an internal of Node's, so it is used only once it
 * has answered a first look exactly as `fs.statSync` does; on any other Node (or when asked to warn of
 * internals, `--pending-deprecation`) every look goes through `fs.statSync`.
 */

/** What `looked[0]` says the entry is. */
export const MISSING = 0;
export const FOLDER = 1;
export const OTHER = 2;

/** The last look: kind, inode, size, modification time, change time (ms). */
export const looked = new Float64Array(5);

type StatBinding = (path: string, bigint: false, request: undefined, throwIfNoEntry: false) => Float64Array | undefined;
interface Binding {
  stat: StatBinding;
  lstat: StatBinding;
}

// indexes of the binding's array (Node's own order: dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then seconds and nanoseconds of atime, mtime, ctime, birthtime)
const MODE = 1;
const INO = 7;
const SIZE = 8;
const MTIME = 12;
const CTIME = 14;
const FOLDER_BITS = fs.constants.S_IFDIR;
const TYPE_BITS = fs.constants.S_IFMT;

let binding: Binding | null | undefined;

/**
 * Looks at `path` (following a last link when `follow`) and fills `looked`; false when the entry cannot be
 * looked at (permissions, a file where a folder was): such an entry matches nothing noted.
 */
export function lookAt(path: string, follow: boolean): boolean {
  binding ??= verifiedBinding(path, follow);
  try {
    if (binding !== null) {
      const values = follow ? binding.stat(path, false, undefined, false) : binding.lstat(path, false, undefined, false);
      if (values === undefined) {
        looked[0] = MISSING;
        looked[1] = looked[2] = looked[3] = looked[4] = 0;
      } else {
        looked[0] = (values[MODE]! & TYPE_BITS) === FOLDER_BITS ? FOLDER : OTHER;
        looked[1] = values[INO]!;
        looked[2] = values[SIZE]!;
        looked[3] = values[MTIME]! * 1e3 + values[MTIME + 1]! / 1e6;
        looked[4] = values[CTIME]! * 1e3 + values[CTIME + 1]! / 1e6;
      }
      return true;
    }
    fillFromStats(follow ? fs.statSync(path, { throwIfNoEntry: false }) : fs.lstatSync(path, { throwIfNoEntry: false }));
    return true;
  } catch {
    return false;
  }
}

/** Which way looks go in this process, once one was made: through the binding or through `fs.statSync`. */
export function lookingThrough(): 'binding' | 'fs.statSync' | undefined {
  return binding === undefined ? undefined : binding === null ? 'fs.statSync' : 'binding';
}

/** Fills `looked` from what `fs.statSync` answered (undefined: missing). */
export function fillFromStats(stats: fs.Stats | undefined): void {
  if (stats === undefined) {
    looked[0] = MISSING;
    looked[1] = looked[2] = looked[3] = looked[4] = 0;
    return;
  }
  looked[0] = stats.isDirectory() ? FOLDER : OTHER;
  looked[1] = stats.ino;
  looked[2] = stats.size;
  looked[3] = stats.mtimeMs;
  looked[4] = stats.ctimeMs;
}

/**
 * The binding when it answers a first look (the entry at `path`, or failing that the current folder) and a
 * look at a missing entry beside it as `fs.statSync` does; null otherwise.
 */
function verifiedBinding(path: string, follow: boolean): Binding | null {
  const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (options.includes('pending-deprecation') || process.env.NODE_PENDING_DEPRECATION === '1') return null;
  try {
    const candidate = (process as unknown as { binding(name: string): Partial<Binding> }).binding('fs');
    if (typeof candidate.stat !== 'function' || typeof candidate.lstat !== 'function') return null;
    const found = candidate as Binding;
    const sample = fs.statSync(path, { throwIfNoEntry: false }) !== undefined ? path : '.';
    const stats = follow ? fs.statSync(sample) : fs.lstatSync(sample);
    const values = follow ? found.stat(sample, false, undefined, false) : found.lstat(sample, false, undefined, false);
    const missing = join(dirname(sample), `.stk-migrate-missing-${process.pid}-${Date.now()}`);
    const agrees =
      values instanceof Float64Array &&
      values[MODE] === stats.mode &&
      values[INO] === stats.ino &&
      values[SIZE] === stats.size &&
      values[MTIME]! * 1e3 + values[MTIME + 1]! / 1e6 === stats.mtimeMs &&
      values[CTIME]! * 1e3 + values[CTIME + 1]! / 1e6 === stats.ctimeMs &&
      // (after the comparisons: the binding answers every look in one shared array)
      fs.statSync(missing, { throwIfNoEntry: false }) === undefined &&
      found.stat(missing, false, undefined, false) === undefined;
    return agrees ? found : null;
  } catch {
    return null;
  }
}

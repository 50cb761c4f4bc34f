import fs from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What file system entries are, as numbers, and whether they are still what was noted: the kept runs'
 * check (lib/cache/kept-runs.ts) looks at every entry a run saw, every migration of the history among
 * them, so `allAsNoted` is the one loop that grows with a project.
 *
 * An identity is `identityWidth` numbers: what the entry is (`MISSING`, `FOLDER`, `OTHER`), its inode,
 * size, modification and change times in milliseconds as `fs.Stats` has them; a missing entry is all
 * zeros. An entry noted only as a folder has the inode -1 (no inode is): any folder matches it.
 *
 * Node 20's `fs.statSync` builds a `Stats` object with four `Date`s per call: in a process that has just
 * started (the hook, every time) that is ~11 µs an entry here, against ~4.5 µs for the file system binding
 * under it, which fills one shared array. The binding is an internal of Node's (`process.binding`, which
 * Node documents as deprecated), so it is used only once it has answered a first look exactly as
 * `fs.statSync` does; on a Node where it answers otherwise, or when asked to warn of deprecated calls
 * (`--pending-deprecation`, which would print a warning), every look goes through `fs.statSync`.
 *
 * A look through the binding passes none of the wrappers a recording run puts on `node:fs`, so it is noted
 * nowhere: only the kept runs' own check and record look here, never a command's code (whose looks a kept
 * run must see).
 */

export const identityWidth = 5;
export const MISSING = 0;
export const FOLDER = 1;
export const OTHER = 2;
const asFolder = -1;

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

/** Writes the identity `fs.statSync` answered (undefined: missing) at `at`; a folder, when `folderAsFolder`, as a folder. */
export function identityOfStats(stats: fs.Stats | undefined, folderAsFolder: boolean, into: Float64Array, at: number): void {
  if (stats === undefined) into.fill(0, at, at + identityWidth);
  else if (folderAsFolder && stats.isDirectory()) into.set([FOLDER, asFolder, 0, 0, 0], at);
  else into.set([stats.isDirectory() ? FOLDER : OTHER, stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs], at);
}

/**
 * Writes the identity of the entry at `path` (following a last link when `follow`) at `at`; a folder, when
 * `folderAsFolder`, as a folder. False when the entry cannot be looked at (permissions, a file where a
 * folder was): it vouches for nothing.
 */
export function noteIdentity(path: string, follow: boolean, folderAsFolder: boolean, into: Float64Array, at: number): boolean {
  const found = (binding ??= verifiedBinding(path, follow));
  try {
    if (found === null) identityOfStats(follow ? fs.statSync(path, { throwIfNoEntry: false }) : fs.lstatSync(path, { throwIfNoEntry: false }), folderAsFolder, into, at);
    else identityOfValues(follow ? found.stat(path, false, undefined, false) : found.lstat(path, false, undefined, false), folderAsFolder, into, at);
    return true;
  } catch {
    return false;
  }
}

/** `identityOfStats` from the binding's array. */
function identityOfValues(values: Float64Array | undefined, folderAsFolder: boolean, into: Float64Array, at: number): void {
  const folder = values !== undefined && (values[MODE]! & TYPE_BITS) === FOLDER_BITS;
  if (values === undefined) into.fill(0, at, at + identityWidth);
  else if (folderAsFolder && folder) into.set([FOLDER, asFolder, 0, 0, 0], at);
  else into.set([folder ? FOLDER : OTHER, values[INO]!, values[SIZE]!, millis(values, MTIME), millis(values, CTIME)], at);
}

/** A time of the binding's array (seconds, then nanoseconds) in milliseconds, computed as Node computes `fs.Stats`' `mtimeMs`. */
function millis(values: Float64Array, seconds: number): number {
  return values[seconds]! * 1e3 + values[seconds + 1]! / 1e6;
}

/** The times noted in the identity at `at`; undefined for a missing entry and one noted only as a folder. */
export function timesOf(identities: Float64Array, at: number): { mtimeMs: number; ctimeMs: number } | undefined {
  return identities[at] === MISSING || identities[at + 1] === asFolder ? undefined : { mtimeMs: identities[at + 3]!, ctimeMs: identities[at + 4]! };
}

/**
 * Whether every one of `paths` (following last links when `follow`) is the entry noted for it, one
 * identity after the other from `at` on. The comparison (`identityOfValues`, `millis`) is written out in
 * the loop, with no call per entry: in a process that has just started, calls cost more than comparisons.
 */
export function allAsNoted(paths: string[], follow: boolean, identities: Float64Array, at: number): boolean {
  if (paths.length === 0) return true;
  const found = (binding ??= verifiedBinding(paths[0]!, follow));
  if (found === null) return allAsNotedByStats(paths, follow, identities, at);
  let noted = at;
  for (const path of paths) {
    let values: Float64Array | undefined;
    try {
      values = follow ? found.stat(path, false, undefined, false) : found.lstat(path, false, undefined, false);
    } catch {
      return false;
    }
    if (values === undefined) {
      if (identities[noted] !== MISSING) return false;
    } else if (identities[noted + 1] === asFolder) {
      if ((values[MODE]! & TYPE_BITS) !== FOLDER_BITS) return false;
    } else if (
      identities[noted] !== ((values[MODE]! & TYPE_BITS) === FOLDER_BITS ? FOLDER : OTHER) ||
      identities[noted + 1] !== values[INO] ||
      identities[noted + 2] !== values[SIZE] ||
      identities[noted + 3] !== values[MTIME]! * 1e3 + values[MTIME + 1]! / 1e6 ||
      identities[noted + 4] !== values[CTIME]! * 1e3 + values[CTIME + 1]! / 1e6
    ) {
      return false;
    }
    noted += identityWidth;
  }
  return true;
}

/** `allAsNoted` through `fs.statSync`. */
function allAsNotedByStats(paths: string[], follow: boolean, identities: Float64Array, at: number): boolean {
  const now = new Float64Array(identityWidth);
  let noted = at;
  for (const path of paths) {
    try {
      identityOfStats(follow ? fs.statSync(path, { throwIfNoEntry: false }) : fs.lstatSync(path, { throwIfNoEntry: false }), identities[noted + 1] === asFolder, now, 0);
    } catch {
      return false;
    }
    for (let index = 0; index < identityWidth; index += 1) if (now[index] !== identities[noted + index]) return false;
    noted += identityWidth;
  }
  return true;
}

/** Which way looks go in this process, once one was made: through the binding or through `fs.statSync`. */
export function lookingThrough(): 'binding' | 'fs.statSync' | undefined {
  return binding === undefined ? undefined : binding === null ? 'fs.statSync' : 'binding';
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
      millis(values, MTIME) === stats.mtimeMs &&
      millis(values, CTIME) === stats.ctimeMs &&
      // (after the comparisons: the binding answers every look in one shared array)
      fs.statSync(missing, { throwIfNoEntry: false }) === undefined &&
      found.stat(missing, false, undefined, false) === undefined;
    return agrees ? found : null;
  } catch {
    return null;
  }
}

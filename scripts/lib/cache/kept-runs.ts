import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOutput } from '../cli/errors.js';
import { buildId } from './build-id.js';
import { BlobStore, cacheDir, settleMs } from './parse-cache.js';

/**
 * Kept runs: the whole answer of a run (what it printed, its exit code) kept under a key naming its input
 * (the build, the arguments or the hook event, the folder, the environment) with every file system entry
 * it looked at: each file or folder it read, listed, statted or found missing, by identity (inode, size,
 * modification and change times; a folder's change with every entry added, removed or renamed). The next run with the same
 * input answers at once when every one of them is still as it was, settled before the kept run started
 * (lib/cache/parse-cache.ts: any write changes a change time no program can set back). A run that did
 * anything else (wrote outside the cache folder, started a process, read a file by descriptor) is not
 * kept, so nothing but its reads decides its answer.
 *
 * What a run reads is recorded where every read passes: the `node:fs` module itself (and `fs/promises`),
 * whose functions are wrapped for the run's duration and re-exported to ES modules. A check added later to
 * any module is then recorded without anyone remembering to.
 */

interface KeptRun {
  /**
   * Every entry the run looked at, by folder and name: its identity (`identityText`, empty when missing),
   * following links, and under `links` of the link itself. A folder it listed is there by its own identity,
   * which adding, removing or renaming an entry changes.
   */
  seen: Record<string, Record<string, string>>;
  links: Record<string, Record<string, string>>;
  output: [fd: 1 | 2, text: string][];
  code: number;
}

const kind = 'kept-runs-1';
const keep = 256;

/** The key of a run: its parts, the build and the environment (any variable may steer a run: the cache folder, a database URL, the settle window). */
export function runKey(...parts: string[]): string | undefined {
  if (buildId === undefined || cacheDir() === undefined) return undefined;
  const environment = Object.entries(process.env)
    .map(([name, value]) => `${name}=${value ?? ''}`)
    .sort();
  return BlobStore.key(kind, buildId, ...parts, ...environment);
}

/** Inode, size, modification and change times, as one string; empty for an entry that is not there. */
function identityText(path: string, follow: boolean): string {
  return identityOfStats(follow ? originals.statSync(path, { throwIfNoEntry: false }) : originals.lstatSync(path, { throwIfNoEntry: false }));
}

function identityOfStats(stats: fs.Stats | undefined): string {
  return stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}` : '';
}

function entryPath(folder: string, name: string): string {
  return name === '' ? folder : folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** Whether every entry of `byFolder` has the identity noted. */
function unchanged(byFolder: unknown, follow: boolean): boolean {
  if (!byFolder || typeof byFolder !== 'object') return false;
  for (const [folder, names] of Object.entries(byFolder as Record<string, Record<string, string>>)) {
    for (const [name, was] of Object.entries(names)) if (identityText(entryPath(folder, name), follow) !== was) return false;
  }
  return true;
}

/**
 * Prints the answer kept under `key` and returns its exit code, when every entry the kept run looked at is
 * as it was; undefined (nothing printed) otherwise.
 */
export function replayKeptRun(key: string): number | undefined {
  const kept = new BlobStore<KeptRun>(undefined, kind, keep).read(key);
  if (!kept || !Array.isArray(kept.output) || typeof kept.code !== 'number' || !unchanged(kept.seen, true) || !unchanged(kept.links, false)) return undefined;
  for (const [fd, text] of kept.output) writeOutput(fd, text);
  return kept.code;
}

type Fs = typeof fs;
type Callable = (...args: unknown[]) => unknown;
const originals = { statSync: fs.statSync, lstatSync: fs.lstatSync } as Pick<Fs, 'statSync' | 'lstatSync'>;

/** How a function of `fs` (and `fs.promises`) uses the path it is given: reads what it names (a file's bytes, a folder's entries), looks at the link itself, or changes something. */
const uses: Record<string, 's' | 'l' | 'w' | 'refused'> = {};
for (const name of ['readFile', 'readdir', 'exists', 'stat', 'access', 'realpath', 'createReadStream']) uses[name] = uses[`${name}Sync`] = 's';
for (const name of ['lstat', 'readlink']) uses[name] = uses[`${name}Sync`] = 'l';
for (const name of ['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile', 'cp', 'symlink', 'link', 'chmod', 'chown', 'utimes', 'truncate', 'createWriteStream']) uses[name] = uses[`${name}Sync`] = 'w';
// reads by descriptor: of a file this run opened (and noted), else of something no path names (stdin)
for (const name of ['read', 'readv', 'fstat']) uses[name] = uses[`${name}Sync`] = 's';
// what a replay could not reproduce (writeSync is watched apart: it prints)
for (const name of ['opendir', 'watch', 'watchFile']) uses[name] = uses[`${name}Sync`] = 'refused';
uses.write = uses.writev = uses.writevSync = 'refused';
/** Functions that take a second path they write to. */
const secondPath = new Set(['rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'symlink', 'symlinkSync', 'link', 'linkSync']);
const processes = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];

/** Whether `open`'s flags only read (a callback in their place means the default, 'r'). */
function readOnly(flags: unknown): boolean {
  return flags === undefined || typeof flags === 'function' || flags === 'r' || flags === 'rs' || flags === fs.constants.O_RDONLY;
}

/**
 * Records this run under `key`, for the commands whose answer depends on files alone (validate, lint, the
 * hook): from now on every path the process looks at is noted, and at exit, when the run only read, set
 * its exit code itself and every entry it saw had settled before it started, its answer is kept for
 * `replayKeptRun`.
 */
export function recordRun(key: string): void {
  const cache = cacheDir();
  if (cache === undefined) return;
  const started = Date.now();
  // the caches are sound by their own keys; our own bundle (its WebAssembly, its Python helpers) is named by the build in the key
  const own = [resolve(cache), dirname(fileURLToPath(import.meta.url))];
  const seen = new Set<string>();
  /** Descriptors of files this run opened for reading: reading them reads a noted path. */
  const opened = new Set<number>();
  const output: [fd: 1 | 2, bytes: Buffer][] = [];
  let refusedBy: string | undefined;
  let recording = true;

  /** Identities the run's own stat calls saw, by entry as `seen` names it: what it saw is what it read by them. */
  const statted = new Map<string, string>();
  const note = (how: 's' | 'l' | 'w' | 'refused', name: string, given: unknown): string | undefined => {
    if (!recording) return undefined;
    const path = typeof given === 'string' ? given : given instanceof URL ? fileURLToPath(given) : Buffer.isBuffer(given) ? given.toString('utf8') : undefined;
    if (typeof given === 'number' && (opened.has(given) || (name.startsWith('fstat') && (given === 1 || given === 2)))) return undefined;
    if (how === 'refused' || path === undefined) {
      refusedBy ??= name;
      return undefined;
    }
    const absolute = resolve(path);
    if (own.some((folder) => absolute === folder || absolute.startsWith(folder + sep))) return undefined;
    if (how === 'w') {
      refusedBy ??= `${name} ${absolute}`;
      return undefined;
    }
    seen.add(how + absolute);
    return how + absolute;
  };
  for (const target of [fs, fs.promises] as unknown as Record<string, unknown>[]) {
    for (const [name, how] of Object.entries(uses)) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      const statting = name === 'statSync' || name === 'lstatSync';
      target[name] = Object.defineProperties(function (this: unknown, ...args: unknown[]) {
        const entry = note(how, name, args[0]);
        if (secondPath.has(name)) note('w', name, args[1]);
        const result = (original as Callable).apply(this, args);
        if (statting && entry !== undefined && !statted.has(entry) && (result === undefined || (result instanceof fs.Stats && typeof result.mtimeMs === 'number'))) statted.set(entry, identityOfStats(result));
        return result;
      }, Object.getOwnPropertyDescriptors(original));
    }
    for (const name of ['open', 'openSync']) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      target[name] = function (this: unknown, ...args: unknown[]) {
        const reading = readOnly(args[1]);
        note(reading ? 's' : 'w', name, args[0]);
        const result = (original as Callable).apply(this, args);
        if (reading && typeof result === 'number') opened.add(result);
        return result;
      };
    }
  }
  const childProcess = createRequire(import.meta.url)('node:child_process') as Record<string, unknown>;
  for (const name of processes) {
    const original = childProcess[name];
    if (typeof original !== 'function') continue;
    childProcess[name] = function (this: unknown, ...args: unknown[]) {
      if (recording) refusedBy ??= `child_process.${name}`;
      return (original as Callable).apply(this, args);
    };
  }
  // what the run prints: everything goes through fs.writeSync (lib/cli/errors.ts); a stream on stdout or stderr would not (nor stdin's be a file)
  const target = fs as unknown as Record<string, unknown>;
  const writeSync = target.writeSync as Callable;
  target.writeSync = function (this: unknown, ...args: unknown[]) {
    const written = writeSync.apply(this, args);
    const [fd, data, offset] = args;
    if (recording && (fd === 1 || fd === 2) && typeof written === 'number') {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from((data as Uint8Array).buffer, (data as Uint8Array).byteOffset, (data as Uint8Array).length);
      const start = typeof data === 'string' || typeof offset !== 'number' ? 0 : offset;
      const last = output.at(-1);
      if (last && last[0] === fd) last[1] = Buffer.concat([last[1], bytes.subarray(start, start + written)]);
      else output.push([fd, Buffer.from(bytes.subarray(start, start + written))]);
    }
    return written;
  };
  for (const stream of ['stdin', 'stdout', 'stderr'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, stream);
    if (!descriptor?.get || !descriptor.configurable) continue;
    const get = descriptor.get;
    Object.defineProperty(process, stream, {
      ...descriptor,
      get() {
        if (recording) refusedBy ??= `process.${stream}`;
        return get.call(process) as unknown;
      },
    });
  }
  syncBuiltinESMExports();
  // a crash prints its stack past fs.writeSync, and its exit code may be one a command also sets
  process.on('uncaughtExceptionMonitor', () => {
    refusedBy ??= 'an uncaught exception';
  });

  process.once('exit', (code) => {
    recording = false;
    if (refusedBy !== undefined || process.exitCode === undefined || code !== process.exitCode) return;
    const settled = started - settleMs();
    const run: KeptRun = { seen: {}, links: {}, output: output.map(([fd, bytes]) => [fd, bytes.toString('utf8')]), code };
    for (const entry of seen) {
      const follow = entry[0] === 's';
      const path = entry.slice(1);
      const now = statted.get(entry) ?? identityText(path, follow);
      const [, , modified, changed] = now.split(':').map(Number);
      if (modified! >= settled || changed! >= settled) return; // changed just before or during the run: its identity may not vouch for what was read
      const folder = dirname(path);
      const name = path === folder ? '' : basename(path);
      ((follow ? run.seen : run.links)[folder] ??= {})[name] = now;
    }
    new BlobStore<KeptRun>(undefined, kind, keep).write(key, run);
  });
}

import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOutput } from '../cli/errors.js';
import { buildId } from './build-id.js';
import { BlobStore, cacheDir, settledBefore } from './parse-cache.js';
import { allAsNoted, identityOfStats, identityWidth, noteIdentity, timesOf } from './entry-identity.js';

/**
 * Kept runs: the whole answer of a run (what it printed, its exit code) kept under a key naming its input
 * (the build, the arguments or the hook event, the folder, the environment) with every file system entry
 * it looked at: each file it read, statted or found missing, by identity (inode, size, modification and
 * change times), each folder it listed by its identity too (which every entry added, removed or renamed
 * changes), a folder it only looked at as a folder. The next run with the same input answers at once when
 * every one of them is still as it was, settled before the kept run started (lib/cache/parse-cache.ts: any
 * write changes a change time no program can set back). A run that did anything else (wrote outside the
 * cache folder, started a process other than a declared read-only one, connected to a server, read a
 * descriptor it had not opened, printed through a stream, crashed) is not kept, so nothing but what it
 * looked at decides its answer.
 *
 * What a run looks at is recorded where every look passes: the `node:fs` module itself (and
 * `fs/promises`), whose functions are wrapped for the run's duration and re-exported to ES modules. A
 * check added later to any module is then recorded without anyone remembering to. The launchers
 * (scripts/cli.ts, scripts/hook.ts) hold one copy of this module and the program another: they meet
 * through `fs`, `child_process` and process events, never through this module's own state.
 */

/**
 * A kept run: its answer, and every entry it looked at, by folder (the names of a folder's entries joined by
 * `/`, which no name holds; an empty name is the folder itself) and whether links are followed there (not:
 * the link itself, as `lstat` sees it). The entries' identities, in the same order, are numbers
 * (`identityWidth` each, lib/cache/entry-identity.ts), stored after the rest as bytes: a history of 5,000
 * migrations is then one read and no parse of 5,000 values.
 */
interface KeptRun {
  folders: [folder: string, names: string, follow: boolean][];
  output: [fd: 1 | 2, text: string][];
  code: number;
}

const kind = 'kept-runs-3';
/** Kept runs beyond this number go, oldest first (a hook's record is ~250 KB at 5000 migrations, `context`'s holds its output too). */
const keptRuns = 128;

/**
 * The key of a run: its parts, the build and the environment (any variable may steer a run: the cache
 * folder, a database URL, the settle window). Undefined, so no run is kept, without a build (tsx), with
 * the cache off, or with `STK_MIGRATE_NO_KEPT_RUNS` set (the program then runs every time, as after an edit).
 */
export function runKey(...parts: string[]): string | undefined {
  if (buildId === undefined || cacheDir() === undefined || process.env.STK_MIGRATE_NO_KEPT_RUNS) return undefined;
  const environment = Object.entries(process.env)
    .map(([name, value]) => `${name}=${value ?? ''}`)
    .sort();
  return BlobStore.key(kind, buildId, ...parts, ...environment);
}

/** Folders with more entries than this are looked into from within (names resolve from there, not from the root: ~2 µs less each). */
const manyEntries = 16;

/** Whether every entry noted has the identity noted (lib/cache/entry-identity.ts). */
function unchanged(folders: KeptRun['folders'], identities: Float64Array): boolean {
  let at = 0;
  let home: string | undefined;
  try {
    for (const [folder, joined, follow] of folders) {
      const names = joined.split('/');
      if (at + names.length * identityWidth > identities.length) return false;
      let within = false;
      if (names.length > manyEntries) {
        try {
          home ??= process.cwd();
          process.chdir(folder);
          within = true;
        } catch {
          // a folder gone: its entries are looked at by their whole paths (and found missing)
        }
      }
      const paths = within && !names.includes('') ? names : names.map((name) => (name === '' ? folder : folder.endsWith(sep) ? folder + name : folder + sep + name));
      if (!allAsNoted(paths, follow, identities, at)) return false;
      at += names.length * identityWidth;
    }
    return at === identities.length;
  } finally {
    // the run goes on from where it started (a folder gone since this run started stops it here, as it would Node)
    if (home !== undefined) process.chdir(home);
  }
}

/** The kept run and its identities from the bytes `keep` wrote: a header's length, the header (JSON), the identities. */
function decode(bytes: Buffer): { run: KeptRun; identities: Float64Array } | undefined {
  if (bytes.length < 4) return undefined;
  const headerEnd = 4 + bytes.readUInt32LE(0);
  const count = (bytes.length - headerEnd) / Float64Array.BYTES_PER_ELEMENT;
  if (!Number.isInteger(count) || count < 0) return undefined;
  const run = JSON.parse(bytes.toString('utf8', 4, headerEnd)) as KeptRun;
  if (!Array.isArray(run.output) || typeof run.code !== 'number' || !Array.isArray(run.folders)) return undefined;
  if (!run.output.every((part) => Array.isArray(part) && (part[0] === 1 || part[0] === 2) && typeof part[1] === 'string')) return undefined;
  if (!run.folders.every((folder) => Array.isArray(folder) && typeof folder[0] === 'string' && typeof folder[1] === 'string' && typeof folder[2] === 'boolean')) return undefined;
  // copied: a Float64Array reads only from an offset that is a multiple of 8
  const identities = new Float64Array(count);
  new Uint8Array(identities.buffer).set(bytes.subarray(headerEnd));
  return { run, identities };
}

function encode(run: KeptRun, identities: Float64Array): Buffer {
  const header = Buffer.from(JSON.stringify(run), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  return Buffer.concat([length, header, new Uint8Array(identities.buffer, identities.byteOffset, identities.byteLength)]);
}

/**
 * Prints the answer kept under `key` and returns its exit code, when every entry the kept run looked at is
 * as it was; undefined (nothing printed) otherwise.
 */
function replayKeptRun(key: string): number | undefined {
  const bytes = new BlobStore<never>(undefined, kind, keptRuns).readBytes(key);
  let kept: ReturnType<typeof decode>;
  try {
    kept = bytes === undefined ? undefined : decode(bytes);
  } catch {
    return undefined; // not one this build wrote (the hash line vouched for the bytes, not their layout)
  }
  if (kept === undefined || !unchanged(kept.run.folders, kept.identities)) return undefined;
  for (const [fd, text] of kept.run.output) writeOutput(fd, text);
  return kept.run.code;
}

/**
 * What a launcher does first: prints the answer kept under `key` and returns its exit code when one holds;
 * otherwise records this run (unless one of `inputs`, the files the input names, was written within the
 * settle window, as right after an edit: such a run could never be kept) and returns undefined.
 */
export function answerOrRecord(key: string, inputs: string[]): number | undefined {
  const code = replayKeptRun(key);
  if (code !== undefined) return code;
  if (inputs.every(settled)) recordRun(key);
  return undefined;
}

/** Whether the file last changed before the settle window; a missing file is settled (looked at before `recordRun` wraps `fs`). */
function settled(path: string): boolean {
  try {
    const stats = fs.statSync(path, { throwIfNoEntry: false });
    return stats === undefined || settledBefore(stats, Date.now());
  } catch {
    return false;
  }
}

/** The process event through which a program tells a recording run (another copy of this module) what a child process reads. */
const readOnlySpawn = 'stk-migrate:read-only-spawn';
const answerReads = 'stk-migrate:answer-reads';
const emit = process.emit.bind(process) as (event: string, ...args: unknown[]) => boolean;

/**
 * Before starting `command` (git): tells a recording run, if one listens, that the process only reads,
 * and that its answer depends on the files `reads` names (its repository's state) and on those the
 * caller names after reading the answer (`declareAnswerReads`). Until the caller does, the run is not
 * kept. Undefined reads (a setup not followed) keep the run from being kept.
 */
export function declareReadOnlySpawn(command: string, reads: () => string[] | undefined): void {
  if (process.listenerCount(readOnlySpawn) > 0) emit(readOnlySpawn, command, reads());
}

/** What the caller's use of a read-only child's answer depends on, beyond `declareReadOnlySpawn`'s reads (see there). */
export function declareAnswerReads(reads: () => string[] | undefined): void {
  if (process.listenerCount(answerReads) > 0) emit(answerReads, reads());
}

type Callable = (...args: unknown[]) => unknown;

/** How a function of `fs` (and `fs.promises`) uses the path it is given: reads what it names (a file's bytes, a folder's entries), looks at the link itself, or changes something. */
const uses: Record<string, 's' | 'l' | 'd' | 'w' | 'refused'> = {};
for (const name of ['readFile', 'exists', 'stat', 'access', 'realpath', 'createReadStream']) uses[name] = uses[`${name}Sync`] = 's';
uses.readdir = uses.readdirSync = 'd';
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
 * Records this run under `key`, for the commands whose answer depends on files alone (context, validate,
 * lint, the hook): from now on every path the process looks at is noted, and at exit, when the run only read, set
 * its exit code itself and every entry it saw had settled before it started, its answer is kept for
 * `replayKeptRun`.
 */
function recordRun(key: string): void {
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
  const statted = new Map<string, Float64Array>();
  const note = (how: 's' | 'l' | 'd' | 'w' | 'refused', name: string, given: unknown): string | undefined => {
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
        if (statting && entry !== undefined && !statted.has(entry) && (result === undefined || (result instanceof fs.Stats && typeof result.mtimeMs === 'number'))) {
          const identity = new Float64Array(identityWidth);
          identityOfStats(result as fs.Stats | undefined, true, identity, 0);
          statted.set(entry, identity);
        }
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
  // a child process is refused, but for one a program declared read-only (git), whose reads are then noted
  const permitted = new Set<string>();
  let unanswered = false;
  const noteAll = (name: string, paths: unknown) => {
    if (!Array.isArray(paths)) refusedBy ??= `${name} with reads not followed`;
    else for (const path of paths) note('s', name, path);
  };
  process.on(readOnlySpawn, (command: unknown, paths: unknown) => {
    if (!recording) return;
    noteAll(String(command), paths);
    permitted.add(String(command));
    unanswered = true;
  });
  process.on(answerReads, (paths: unknown) => {
    if (!recording) return;
    noteAll('an answer', paths);
    unanswered = false;
  });
  const require = createRequire(import.meta.url);
  const childProcess = require('node:child_process') as Record<string, unknown>;
  for (const name of processes) {
    const original = childProcess[name];
    if (typeof original !== 'function') continue;
    childProcess[name] = function (this: unknown, ...args: unknown[]) {
      if (recording && !(typeof args[0] === 'string' && permitted.has(args[0]))) refusedBy ??= `child_process.${name}`;
      return (original as Callable).apply(this, args);
    };
  }
  // the network (a database's current revision, say) is no file
  const socket = (require('node:net') as typeof import('node:net')).Socket.prototype as unknown as Record<string, unknown>;
  const connect = socket.connect as Callable;
  socket.connect = function (this: unknown, ...args: unknown[]) {
    if (recording) refusedBy ??= 'a network connection';
    return connect.apply(this, args);
  };
  // what the run prints: everything goes through fs.writeSync (lib/cli/errors.ts)
  const target = fs as unknown as Record<string, unknown>;
  const writeSync = target.writeSync as Callable;
  target.writeSync = function (this: unknown, ...args: unknown[]) {
    const [fd, data, offset] = args;
    let written: unknown;
    try {
      written = writeSync.apply(this, args);
    } catch (error) {
      // output that did not all arrive (a reader gone, EPIPE) is no answer to keep
      if (recording && (fd === 1 || fd === 2) && (error as NodeJS.ErrnoException).code !== 'EAGAIN') refusedBy ??= `output to ${String(fd)} cut short`;
      throw error;
    }
    if (recording && (fd === 1 || fd === 2) && typeof written === 'number') {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from((data as Uint8Array).buffer, (data as Uint8Array).byteOffset, (data as Uint8Array).length);
      const start = typeof data === 'string' || typeof offset !== 'number' ? 0 : offset;
      const last = output.at(-1);
      if (last && last[0] === fd) last[1] = Buffer.concat([last[1], bytes.subarray(start, start + written)]);
      else output.push([fd, Buffer.from(bytes.subarray(start, start + written))]);
    }
    return written;
  };
  // a stream on stdout or stderr would print past fs.writeSync, and stdin's is input no key names (Node's own
  // code asks for process.stderr without printing: only what the streams do counts)
  for (const name of ['stdin', 'stdout', 'stderr'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, name);
    if (!descriptor?.get || !descriptor.configurable) continue;
    const get = descriptor.get;
    let watched: unknown;
    Object.defineProperty(process, name, {
      ...descriptor,
      get() {
        const stream = get.call(process) as Record<string, unknown>;
        if (watched !== stream) {
          watched = stream;
          for (const method of name === 'stdin' ? ['on', 'read', 'resume', 'pipe'] : ['write', 'end']) {
            const original = stream[method];
            if (typeof original !== 'function') continue;
            stream[method] = function (this: unknown, ...args: unknown[]) {
              if (recording) refusedBy ??= `process.${name}.${method}`;
              return (original as Callable).apply(this, args);
            };
          }
        }
        return stream;
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
    if (refusedBy !== undefined || unanswered || process.exitCode === undefined || code !== process.exitCode) return;
    keep(key, started, seen, statted, output, code);
  });
}

/** Writes the kept run, when every entry it saw had settled before it started (at exit: a failure here only means no kept run). */
function keep(key: string, started: number, seen: Set<string>, statted: Map<string, Float64Array>, output: [fd: 1 | 2, bytes: Buffer][], code: number): void {
  try {
    const byFolder = new Map<string, { names: string[]; identities: number[] }>();
    for (const entry of seen) {
      const how = entry[0];
      const path = entry.slice(1);
      // a folder listed is noted by its identity; looked at only, as a folder
      if (how === 's' && seen.has(`d${path}`)) continue;
      const follow = how !== 'l';
      const own = how === 'd' ? undefined : statted.get(entry);
      const identity = own ?? new Float64Array(identityWidth);
      // an entry no longer reachable vouches for nothing
      if (own === undefined && !noteIdentity(path, follow, how !== 'd', identity, 0)) return;
      // changed just before or during the run: its identity may not vouch for what was read (a missing entry or a folder has no times)
      const times = timesOf(identity, 0);
      if (times !== undefined && !settledBefore(times, started)) return;
      const folder = dirname(path);
      const name = path === folder ? '' : basename(path);
      const group = `${follow ? 's' : 'l'}${folder}`;
      const noted = byFolder.get(group) ?? { names: [], identities: [] };
      if (noted.names.length === 0) byFolder.set(group, noted);
      noted.names.push(name);
      for (const value of identity) noted.identities.push(value);
    }
    const folders: KeptRun['folders'] = [];
    const identities: number[] = [];
    for (const [group, noted] of byFolder) {
      folders.push([group.slice(1), noted.names.join('/'), group[0] === 's']);
      for (const value of noted.identities) identities.push(value);
    }
    const run: KeptRun = { folders, output: output.map(([fd, bytes]) => [fd, bytes.toString('utf8')]), code };
    new BlobStore<never>(undefined, kind, keptRuns).writeBytes(key, encode(run, Float64Array.from(identities)));
  } catch {
    // no kept run: the next one runs the program
  }
}

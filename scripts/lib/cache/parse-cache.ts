import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { readBytes } from '../cli/errors.js';
import { hashBytes, hashText } from './hash.js';

/** Bump when the shape of cached data changes. */
const CACHE_FORMAT = 10;

interface Entry<T> {
  /** Hash of the file's bytes: an edit that keeps the size and the modification time still misses. */
  hash: string;
  data: T;
  /** The file's identity when it was hashed (`identityOf`), and when that was: see `vouches`. */
  id?: Identity;
  at?: number;
}

/**
 * How long before a hash a file must have last changed for its identity to vouch for its bytes: file times
 * come from a coarse clock (and are whole seconds on some file systems), so a file written in the same
 * tick as it was hashed could change again without its times moving. Such a file is hashed again.
 */
const SETTLE_MS = 2000;

/** The settle window: `STK_MIGRATE_SETTLE_MS` sets it (the tests set 0 to check identities alone). */
function settleMs(): number {
  const given = Number(process.env.STK_MIGRATE_SETTLE_MS);
  return process.env.STK_MIGRATE_SETTLE_MS !== undefined && process.env.STK_MIGRATE_SETTLE_MS !== '' && Number.isFinite(given) && given >= 0 ? given : SETTLE_MS;
}

/** Whether a file with these times had last changed a settle window before `at` (so that its identity vouches for what was read after). */
export function settledBefore(times: { mtimeMs: number; ctimeMs: number }, at: number): boolean {
  const settled = at - settleMs();
  return times.ctimeMs < settled && times.mtimeMs < settled;
}

/** Inode, size, modification and change times: any write changes the change time, which no program can set back. */
type Identity = [ino: number, size: number, mtimeMs: number, ctimeMs: number];

function identityOf(stats: Stats): Identity {
  return [stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs];
}

/** Whether a file whose identity was `id` at `at` is, with these stats, the same bytes: the same identity, settled before it was hashed. */
function vouches(id: Identity | undefined, at: number | undefined, stats: Stats | undefined): boolean {
  if (stats === undefined || !Array.isArray(id) || typeof at !== 'number') return false;
  if (id[0] !== stats.ino || id[1] !== stats.size || id[2] !== stats.mtimeMs || id[3] !== stats.ctimeMs) return false;
  return settledBefore(stats, at);
}

function statOf(absolute: string): Stats | undefined {
  try {
    return statSync(absolute);
  } catch {
    return undefined; // reading the file says why
  }
}

const require = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;

/** The hash of a file's bytes (SHA-1). node:crypto loads with the first file read: a run the caches answer never reads one. */
export function sha1(data: Uint8Array | string): string {
  crypto ??= require('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha1').update(data).digest('base64url');
}

/** A process-unique suffix for temporary files (no randomness needed: the pid and a counter tell writers apart). */
let temporaries = 0;

/** The cache folder, or undefined when `STK_MIGRATE_NO_CACHE` turns caching off. */
export function cacheDir(): string | undefined {
  if (process.env.STK_MIGRATE_NO_CACHE) return undefined;
  return process.env.STK_MIGRATE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'stk-migrate');
}

/** The part of a cache file's name that names the project. */
function projectKey(root: string): string {
  return hashText(root).slice(0, 16);
}

/** The JSON after a whole file's first line (the hash of the rest), or undefined when the file is missing, cut short or altered. */
function readWhole(path: string): string | undefined {
  return readWholeBytes(path)?.toString('utf8');
}

/** The bytes after a whole file's first line (the hash of the rest), or undefined when the file is missing, cut short or altered. */
function readWholeBytes(path: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  const body = bytes.subarray(newline + 1);
  return bytes.toString('latin1', 0, newline) === hashBytes(body) ? body : undefined;
}

/** Writes `body` under its hash line: a temporary file, then a rename, so readers never see half of it. Failures only cost time. */
function writeWhole(path: string, body: string | Uint8Array): boolean {
  const temporary = `${path}.${process.pid}.${Date.now().toString(36)}.${(temporaries += 1)}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${hashBytes(bytes)}\n`, 'latin1'), bytes]));
    renameSync(temporary, path);
    return true;
  } catch {
    // a read-only or missing cache folder only makes the next run slower
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
}

function isEntry(value: unknown): value is Entry<unknown> {
  return !!value && typeof value === 'object' && typeof (value as Entry<unknown>).hash === 'string' && 'data' in value;
}

/**
 * The entries of a cache file, or undefined when it is not one this version wrote whole: the first line is
 * the hash of the rest, so a half-written, truncated or hand-edited file is ignored (and rewritten).
 */
function readStore<T>(path: string): Record<string, Entry<T>> | undefined {
  const body = readWhole(path);
  if (body === undefined) return undefined;
  try {
    const stored = JSON.parse(body) as { format?: unknown; entries?: unknown };
    if (stored.format !== CACHE_FORMAT || !stored.entries || typeof stored.entries !== 'object' || Array.isArray(stored.entries)) return undefined;
    const entries = stored.entries as Record<string, unknown>;
    return Object.values(entries).every(isEntry) ? (entries as Record<string, Entry<T>>) : undefined;
  } catch {
    return undefined;
  }
}

/** One project's file hashes by file identity, for files that no parse cache holds (the model summary's key, the hook's edited file). */
class FileVersions {
  private readonly seen: Record<string, { hash: string; id: Identity; at: number }> = Object.create(null) as Record<string, { hash: string; id: Identity; at: number }>;
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly root: string,
  ) {
    const body = readWhole(path);
    if (body === undefined) return;
    try {
      const stored = JSON.parse(body) as { format?: unknown; seen?: FileVersions['seen'] };
      if (stored.format === CACHE_FORMAT && stored.seen && typeof stored.seen === 'object') Object.assign(this.seen, stored.seen);
    } catch {
      // ignored: the file is rewritten at exit
    }
  }

  /** Files of the project by their path from its root (the store stays small), others by their own. */
  private keyOf(absolute: string): string {
    return absolute.startsWith(this.root + sep) ? absolute.slice(this.root.length + 1) : absolute;
  }

  /** The hash, when the file's identity vouches for the bytes hashed. */
  trusted(absolute: string, stats: Stats | undefined): string | undefined {
    const seen = this.seen[this.keyOf(absolute)];
    return seen && typeof seen.hash === 'string' && vouches(seen.id, seen.at, stats) ? seen.hash : undefined;
  }

  record(absolute: string, stats: Stats, hash: string, at: number): void {
    this.seen[this.keyOf(absolute)] = { hash, id: identityOf(stats), at };
    this.dirty = true;
  }

  save(): void {
    if (this.dirty && writeWhole(this.path, JSON.stringify({ format: CACHE_FORMAT, seen: this.seen }))) this.dirty = false;
  }
}

const versionStores = new Map<string, FileVersions>();

function versionsOf(root: string): FileVersions | undefined {
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const path = join(dir, `versions-${projectKey(root)}.json`);
  let store = versionStores.get(path);
  if (!store) {
    const created = new FileVersions(path, root);
    store = created;
    versionStores.set(path, created);
    if (versionStores.size === 1) process.once('exit', () => saveFileVersions());
  }
  return store;
}

/** Writes the hashes learnt by identity (at exit; the tests call it to see what the next process will). */
export function saveFileVersions(): void {
  for (const store of versionStores.values()) store.save();
}

/**
 * The hash of a file's bytes, and the bytes when they had to be read: a file of `root` whose identity is
 * the one an earlier run hashed (and that had not changed just before) is not read again; any write
 * changes its change time, so an edit that keeps the size and the modification time is read. An
 * unreadable file throws an UnreadableError naming it.
 */
export function fileVersion(root: string, absolute: string): { hash: string; bytes?: Buffer } {
  const store = versionsOf(root);
  const at = Date.now();
  const stats = store && statOf(absolute);
  const trusted = store?.trusted(absolute, stats);
  if (trusted !== undefined) return { hash: trusted };
  const bytes = readBytes(absolute);
  const hash = sha1(bytes);
  if (store && stats) store.record(absolute, stats, hash, at);
  return { hash, bytes };
}

/**
 * Parsed results per file, keyed by a hash of the file's bytes, kept in the user's cache folder so that
 * loading the skill re-parses only the files that changed. Losing or corrupting the cache only costs time.
 */
export class ParseCache<T> {
  private entries: Record<string, Entry<T>> = Object.create(null) as Record<string, Entry<T>>;
  private dirty = false;
  private readonly path: string | undefined;

  constructor(root: string, kind: string) {
    const dir = cacheDir();
    if (dir === undefined) return;
    this.path = join(dir, `${kind}-${projectKey(root)}.json`);
    const stored = readStore<T>(this.path);
    if (stored) Object.assign(this.entries, stored);
    else this.dirty = true;
  }

  /**
   * The cached value for the file's current bytes, else a fresh one from `parse`, which gets those bytes
   * (read once, so the value always belongs to the bytes it is stored under). An unreadable file throws
   * an UnreadableError naming it.
   */
  async get(file: string, absolute: string, parse: (bytes: Buffer) => Promise<T>): Promise<T> {
    return (await this.lookup(file, absolute, parse)).data;
  }

  /** `get`, with the hash of the bytes the value belongs to (what other caches key derived results by). */
  async lookup(file: string, absolute: string, parse: (bytes: Buffer, hash: string) => Promise<T>): Promise<{ data: T; hash: string }> {
    const at = Date.now();
    const stats = this.path === undefined ? undefined : statOf(absolute);
    const hit = this.entries[file];
    if (hit && vouches(hit.id, hit.at, stats)) return { data: hit.data, hash: hit.hash };
    const bytes = readBytes(absolute);
    const hash = sha1(bytes);
    const identity = stats && { id: identityOf(stats), at };
    this.dirty = true;
    if (hit && hit.hash === hash) {
      this.entries[file] = { ...hit, ...identity };
      return { data: hit.data, hash };
    }
    const data = await parse(bytes, hash);
    this.entries[file] = { hash, data, ...identity };
    return { data, hash };
  }

  /**
   * Writes the cache when it changed: a temporary file, then a rename, so readers never see half of it.
   * Given the files that exist, it drops the others; a caller that looked at a few files only (the hook)
   * passes nothing and keeps every entry.
   */
  save(present?: Iterable<string>): void {
    const keep = present ? new Set(present) : undefined;
    for (const file of Object.keys(this.entries)) {
      if (keep && !keep.has(file)) {
        delete this.entries[file];
        this.dirty = true;
      }
    }
    if (!this.dirty || !this.path) return;
    if (writeWhole(this.path, JSON.stringify({ format: CACHE_FORMAT, entries: this.entries }))) this.dirty = false;
  }
}

/**
 * Derived results stored one file each under a key that names everything they were computed from (a
 * file's path and the hash of its bytes, a replay's every step): a key never changes meaning, so a value
 * found is never stale, and concurrent writers of one key write the same thing. Each file carries the
 * hash of its body on its first line, like the parse caches: a cut-short or altered file is a miss.
 */
export class BlobStore<T> {
  private readonly dir: string | undefined;

  constructor(
    /** The project the values belong to; undefined for values of no one project (kept runs, lib/cache/kept-runs.ts). */
    root: string | undefined,
    private readonly kind: string,
    /** Files beyond this number are removed, oldest first, when one is added. */
    private readonly keep: number,
  ) {
    const dir = cacheDir();
    this.dir = dir === undefined ? undefined : join(dir, root === undefined ? kind : `${kind}-${projectKey(root)}`);
  }

  get enabled(): boolean {
    return this.dir !== undefined;
  }

  /** The key for these parts (in order). */
  static key(...parts: string[]): string {
    return hashText(parts.join('\0'));
  }

  read(key: string): T | undefined {
    if (!this.dir) return undefined;
    const body = readWhole(join(this.dir, `${key}.json`));
    if (body === undefined) return undefined;
    try {
      const stored = JSON.parse(body) as { format?: unknown; kind?: unknown; value?: T };
      return stored.format === CACHE_FORMAT && stored.kind === this.kind && 'value' in stored ? stored.value : undefined;
    } catch {
      return undefined;
    }
  }

  /** A value stored as bytes (`writeBytes`), read whole, or undefined. */
  readBytes(key: string): Buffer | undefined {
    return this.dir ? readWholeBytes(join(this.dir, `${key}.bin`)) : undefined;
  }

  /** Stores bytes the caller lays out itself (the kind names the layout: the folder is named by it). */
  writeBytes(key: string, bytes: Uint8Array): void {
    if (this.dir && writeWhole(join(this.dir, `${key}.bin`), bytes)) this.prune();
  }

  has(key: string): boolean {
    return this.dir !== undefined && existsSync(join(this.dir, `${key}.json`));
  }

  write(key: string, value: T): void {
    if (!this.dir) return;
    if (writeWhole(join(this.dir, `${key}.json`), JSON.stringify({ format: CACHE_FORMAT, kind: this.kind, value }))) this.prune();
  }

  private pruned = false;

  /** Once per process at most: the oldest files past the limit go (a concurrent reader then misses, which only costs time). */
  private prune(): void {
    if (this.pruned || !this.dir) return;
    this.pruned = true;
    try {
      const names = readdirSync(this.dir);
      if (names.length <= this.keep) return;
      const aged = names.map((name) => {
        try {
          return { name, at: statSync(join(this.dir!, name)).mtimeMs };
        } catch {
          return { name, at: 0 };
        }
      });
      aged.sort((a, b) => a.at - b.at);
      for (const { name } of aged.slice(0, aged.length - this.keep)) rmSync(join(this.dir, name), { force: true });
    } catch {
      // pruning is housekeeping only
    }
  }
}

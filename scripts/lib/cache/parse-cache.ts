import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readBytes } from '../cli/errors.js';

/** Bump when the shape of cached data changes. */
const CACHE_FORMAT = 7;

interface Entry<T> {
  /** Hash of the file's bytes: an edit that keeps the size and the modification time still misses. */
  hash: string;
  data: T;
}

function sha1(data: Uint8Array | string): string {
  return createHash('sha1').update(data).digest('base64url');
}

function isEntry(value: unknown): value is Entry<unknown> {
  return !!value && typeof value === 'object' && typeof (value as Entry<unknown>).hash === 'string' && 'data' in value;
}

/**
 * The entries of a cache file, or undefined when it is not one this version wrote whole: the first line is
 * the hash of the rest, so a half-written, truncated or hand-edited file is ignored (and rewritten).
 */
function readStore<T>(path: string): Record<string, Entry<T>> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (newline < 0 || text.slice(0, newline) !== sha1(body)) return undefined;
  try {
    const stored = JSON.parse(body) as { format?: unknown; entries?: unknown };
    if (stored.format !== CACHE_FORMAT || !stored.entries || typeof stored.entries !== 'object' || Array.isArray(stored.entries)) return undefined;
    const entries = stored.entries as Record<string, unknown>;
    return Object.values(entries).every(isEntry) ? (entries as Record<string, Entry<T>>) : undefined;
  } catch {
    return undefined;
  }
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
    if (process.env.STK_MIGRATE_NO_CACHE) return;
    const dir = process.env.STK_MIGRATE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'stk-migrate');
    const key = createHash('sha1').update(root).digest('hex').slice(0, 16);
    this.path = join(dir, `${kind}-${key}.json`);
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
    const bytes = readBytes(absolute);
    const hash = sha1(bytes);
    const hit = this.entries[file];
    if (hit && hit.hash === hash) return hit.data;
    const data = await parse(bytes);
    this.entries[file] = { hash, data };
    this.dirty = true;
    return data;
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
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const body = JSON.stringify({ format: CACHE_FORMAT, entries: this.entries });
      writeFileSync(temporary, `${sha1(body)}\n${body}`);
      renameSync(temporary, this.path);
      this.dirty = false;
    } catch {
      // a read-only or missing cache folder only makes the next run slower
      try {
        rmSync(temporary, { force: true });
      } catch {
        // nothing was written
      }
    }
  }
}

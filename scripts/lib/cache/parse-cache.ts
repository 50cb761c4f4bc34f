import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Bump when the shape of cached data changes. */
const CACHE_FORMAT = 6;

interface Entry<T> {
  size: number;
  mtimeMs: number;
  data: T;
}

/**
 * Parsed results per file, keyed by size and modification time, kept in the user's cache folder so that
 * loading the skill re-parses only the files that changed. Losing the cache only costs time.
 */
export class ParseCache<T> {
  private entries: Record<string, Entry<T>> = {};
  private dirty = false;
  private readonly path: string | undefined;

  constructor(root: string, kind: string) {
    if (process.env.STK_MIGRATE_NO_CACHE) return;
    const dir = process.env.STK_MIGRATE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'stk-migrate');
    const key = createHash('sha1').update(root).digest('hex').slice(0, 16);
    this.path = join(dir, `${kind}-${key}.json`);
    try {
      const stored = JSON.parse(readFileSync(this.path, 'utf8')) as { format: number; entries: Record<string, Entry<T>> };
      if (stored.format === CACHE_FORMAT) this.entries = stored.entries;
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
  }

  /** The cached value for a file whose size and mtime are unchanged, else a fresh one from `parse`. */
  async get(file: string, absolute: string, parse: () => Promise<T>): Promise<T> {
    const stat = statSync(absolute);
    const hit = this.entries[file];
    if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.data;
    const data = await parse();
    this.entries[file] = { size: stat.size, mtimeMs: stat.mtimeMs, data };
    this.dirty = true;
    return data;
  }

  /**
   * Writes the cache when it changed. Given the files that exist, it drops the others; a caller that
   * looked at a few files only (the hook) passes nothing and keeps every entry.
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
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ format: CACHE_FORMAT, entries: this.entries }));
      renameSync(temporary, this.path);
    } catch {
      // a read-only home only makes the next run slower
    }
  }
}

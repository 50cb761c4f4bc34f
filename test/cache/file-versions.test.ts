import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileVersion, ParseCache, saveFileVersions, sha1 } from '../../scripts/lib/cache/parse-cache.js';

/**
 * File identities stand in for reading a file only when they can: the same inode, size, modification and
 * change times, and a file that had settled before it was hashed. Every other case reads the bytes.
 */
describe('file versions by identity', () => {
  let root: string;
  let cache: string;
  const saved = { dir: process.env.STK_MIGRATE_CACHE_DIR, settle: process.env.STK_MIGRATE_SETTLE_MS, off: process.env.STK_MIGRATE_NO_CACHE };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stk-versions-root-'));
    cache = mkdtempSync(join(tmpdir(), 'stk-versions-cache-'));
    process.env.STK_MIGRATE_CACHE_DIR = cache;
    delete process.env.STK_MIGRATE_NO_CACHE;
    delete process.env.STK_MIGRATE_SETTLE_MS;
  });
  afterEach(() => {
    for (const [name, value] of [['STK_MIGRATE_CACHE_DIR', saved.dir], ['STK_MIGRATE_SETTLE_MS', saved.settle], ['STK_MIGRATE_NO_CACHE', saved.off]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(root, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('reads a file changed within the settle window every time, whatever its identity', () => {
    const file = join(root, 'a.py');
    writeFileSync(file, 'x = 1\n');
    const first = fileVersion(root, file);
    expect(first.bytes?.toString()).toBe('x = 1\n');
    // written a moment ago: its times cannot vouch for its bytes yet
    const again = fileVersion(root, file);
    expect(again.bytes?.toString()).toBe('x = 1\n');
    expect(again.hash).toBe(sha1('x = 1\n'));
  });

  it('trusts a settled identity, and an edit that keeps the size and the modification time changes it', () => {
    process.env.STK_MIGRATE_SETTLE_MS = '0';
    const file = join(root, 'a.py');
    writeFileSync(file, 'x = 1\n');
    // whole seconds, so that the edit below can put back exactly the same modification time
    const when = Math.floor(Date.now() / 1000) - 100;
    utimesSync(file, when, when);
    expect(fileVersion(root, file).bytes).toBeDefined();
    const trusted = fileVersion(root, file);
    expect(trusted).toEqual({ hash: sha1('x = 1\n') });

    writeFileSync(file, 'x = 2\n');
    utimesSync(file, when, when);
    expect(statSync(file).mtimeMs).toBe(when * 1000);
    const edited = fileVersion(root, file);
    expect(edited.bytes?.toString()).toBe('x = 2\n');
    expect(edited.hash).toBe(sha1('x = 2\n'));
  });

  it('keeps what it learnt for the next process, by paths from the project root', () => {
    process.env.STK_MIGRATE_SETTLE_MS = '0';
    const file = join(root, 'b.py');
    writeFileSync(file, 'y = 1\n');
    fileVersion(root, file);
    saveFileVersions();
    const name = readdirSync(cache).find((entry) => entry.startsWith('versions-'));
    expect(name).toBeDefined();
    const store = readFileSync(join(cache, name!), 'utf8');
    expect(store).toContain('b.py');
    expect(store).not.toContain(root);
  });

  it('a parse cache answers an unchanged settled file without reading it, and a changed one from its new bytes', async () => {
    process.env.STK_MIGRATE_SETTLE_MS = '0';
    const file = join(root, 'c.py');
    writeFileSync(file, 'z = 1\n');
    const parses: string[] = [];
    const parse = async (bytes: Buffer) => {
      parses.push(bytes.toString());
      return bytes.toString().trim();
    };
    const first = new ParseCache<string>(root, 'test-kind');
    expect((await first.lookup('c.py', file, parse)).data).toBe('z = 1');
    first.save();
    const second = new ParseCache<string>(root, 'test-kind');
    expect(await second.lookup('c.py', file, parse)).toEqual({ data: 'z = 1', hash: sha1('z = 1\n') });
    expect(parses).toEqual(['z = 1\n']);

    const when = Math.floor(Date.now() / 1000) - 100;
    utimesSync(file, when, when);
    expect(await new ParseCache<string>(root, 'test-kind').lookup('c.py', file, parse)).toEqual({ data: 'z = 1', hash: sha1('z = 1\n') });
    writeFileSync(file, 'z = 9\n');
    utimesSync(file, when, when);
    expect((await new ParseCache<string>(root, 'test-kind').lookup('c.py', file, parse)).data).toBe('z = 9');
    expect(parses).toEqual(['z = 1\n', 'z = 9\n']);
  });
});

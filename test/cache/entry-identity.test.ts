import { lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * `lookAt` (lib/cache/entry-identity.ts) answers what `fs.statSync` says of an entry, whether through Node's
 * file system binding (verified on its first look) or, when that is not to be used, through `fs.statSync`.
 */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stk-migrate-identity-'));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'file.txt'), 'some bytes\n');
  // times with a fraction of a millisecond, which the binding gives as seconds and nanoseconds
  utimesSync(join(dir, 'file.txt'), 1_700_000_000.123456, 1_700_000_000.987654);
  symlinkSync(join(dir, 'file.txt'), join(dir, 'link'));
  symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Module = typeof import('../../scripts/lib/cache/entry-identity.js');

async function fresh(pendingDeprecation: boolean): Promise<Module> {
  vi.resetModules();
  const before = process.env.NODE_PENDING_DEPRECATION;
  if (pendingDeprecation) process.env.NODE_PENDING_DEPRECATION = '1';
  else delete process.env.NODE_PENDING_DEPRECATION;
  try {
    const module = await import('../../scripts/lib/cache/entry-identity.js');
    // the first look decides the way every later one goes
    module.lookAt(join(dir, 'file.txt'), true);
    expect(module.lookingThrough()).toBe(pendingDeprecation ? 'fs.statSync' : 'binding');
    return module;
  } finally {
    if (before === undefined) delete process.env.NODE_PENDING_DEPRECATION;
    else process.env.NODE_PENDING_DEPRECATION = before;
  }
}

function expected(module: Module, path: string, follow: boolean): number[] {
  const stats = follow ? statSync(path, { throwIfNoEntry: false }) : lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return [module.MISSING, 0, 0, 0, 0];
  return [stats.isDirectory() ? module.FOLDER : module.OTHER, stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs];
}

describe.each([
  ['through the binding', false],
  ['through fs.statSync (--pending-deprecation)', true],
])('lookAt, %s', (_, pendingDeprecation) => {
  it.each([
    ['a file', 'file.txt', true],
    ['a folder', 'folder', true],
    ['a missing entry', 'nothing-here', true],
    ['a link, followed', 'link', true],
    ['a link itself', 'link', false],
    ['a dangling link, followed', 'dangling', true],
    ['a dangling link itself', 'dangling', false],
  ])('sees %s as fs.statSync does', async (_, name, follow) => {
    const module = await fresh(pendingDeprecation);
    const path = join(dir, name);
    expect(module.lookAt(path, follow)).toBe(true);
    expect(Array.from(module.looked)).toEqual(expected(module, path, follow));
  });

  it('cannot look past a file as if it were a folder', async () => {
    const module = await fresh(pendingDeprecation);
    expect(module.lookAt(join(dir, 'file.txt', 'inside'), true)).toBe(false);
  });

  it('sees a file rewritten in place with its size and times put back as another identity', async () => {
    const module = await fresh(pendingDeprecation);
    const path = join(dir, 'rewritten.txt');
    writeFileSync(path, 'first\n');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    module.lookAt(path, true);
    const before = Array.from(module.looked);
    await new Promise((done) => setTimeout(done, 20));
    writeFileSync(path, 'fixed\n');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    module.lookAt(path, true);
    // the change time, which no program can set back
    expect(module.looked[4]).not.toBe(before[4]);
    expect(Array.from(module.looked).slice(0, 4)).toEqual(before.slice(0, 4));
  });
});

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
    module.noteIdentity(join(dir, 'file.txt'), true, false, new Float64Array(module.identityWidth), 0);
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

function identity(module: Module, path: string, follow: boolean, folderAsFolder = false): Float64Array {
  const into = new Float64Array(module.identityWidth);
  expect(module.noteIdentity(path, follow, folderAsFolder, into, 0)).toBe(true);
  return into;
}

const entries = [
  ['a file', 'file.txt', true],
  ['a folder', 'folder', true],
  ['a missing entry', 'nothing-here', true],
  ['a link, followed', 'link', true],
  ['a link itself', 'link', false],
  ['a dangling link, followed', 'dangling', true],
  ['a dangling link itself', 'dangling', false],
] as const;

describe.each([
  ['through the binding', false],
  ['through fs.statSync (--pending-deprecation)', true],
])('entry identities, %s', (_, pendingDeprecation) => {
  it.each(entries)('note %s as fs.statSync sees it, and find it as noted', async (_, name, follow) => {
    const module = await fresh(pendingDeprecation);
    const path = join(dir, name);
    const noted = identity(module, path, follow);
    expect(Array.from(noted)).toEqual(expected(module, path, follow));
    expect(module.allAsNoted([path], follow, noted, 0)).toBe(true);
    // the same identity through the other way (fs.statSync's Stats)
    const fromStats = new Float64Array(module.identityWidth);
    module.identityOfStats(follow ? statSync(path, { throwIfNoEntry: false }) : lstatSync(path, { throwIfNoEntry: false }), false, fromStats, 0);
    expect(Array.from(fromStats)).toEqual(Array.from(noted));
  });

  it('check many entries one after the other, and tell which changed', async () => {
    const module = await fresh(pendingDeprecation);
    const paths = entries.map(([, name]) => join(dir, name));
    const noted = new Float64Array(paths.length * module.identityWidth);
    paths.forEach((path, at) => module.noteIdentity(path, true, false, noted, at * module.identityWidth));
    expect(module.allAsNoted(paths, true, noted, 0)).toBe(true);
    // from an offset, with the others before it
    const shifted = new Float64Array(module.identityWidth + noted.length);
    shifted.set(noted, module.identityWidth);
    expect(module.allAsNoted(paths, true, shifted, module.identityWidth)).toBe(true);
    // one number off, in any place of any identity (a missing entry's is its kind alone)
    for (let index = 0; index < noted.length; index += 1) {
      if (noted[index - (index % module.identityWidth)] === module.MISSING && index % module.identityWidth > 0) continue;
      const changed = Float64Array.from(noted);
      changed[index] = changed[index]! + 1;
      expect(module.allAsNoted(paths, true, changed, 0), `number ${index}`).toBe(false);
    }
  });

  it('note a folder only looked at as a folder: any folder there matches, a file does not', async () => {
    const module = await fresh(pendingDeprecation);
    const path = join(dir, 'turns');
    mkdirSync(path);
    const noted = identity(module, path, true, true);
    expect(module.timesOf(noted, 0)).toBeUndefined();
    writeFileSync(join(path, 'new-entry'), '');
    expect(module.allAsNoted([path], true, noted, 0)).toBe(true);
    rmSync(path, { recursive: true });
    writeFileSync(path, '');
    expect(module.allAsNoted([path], true, noted, 0)).toBe(false);
    rmSync(path);
    expect(module.allAsNoted([path], true, noted, 0)).toBe(false);
  });

  it('cannot look past a file as if it were a folder', async () => {
    const module = await fresh(pendingDeprecation);
    const path = join(dir, 'file.txt', 'inside');
    expect(module.noteIdentity(path, true, false, new Float64Array(module.identityWidth), 0)).toBe(false);
    expect(module.allAsNoted([path], true, new Float64Array(module.identityWidth), 0)).toBe(false);
  });

  it('tell a file rewritten in place with its size and times put back from what was noted', async () => {
    const module = await fresh(pendingDeprecation);
    const path = join(dir, 'rewritten.txt');
    writeFileSync(path, 'first\n');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const before = identity(module, path, true);
    expect(module.timesOf(before, 0)).toEqual({ mtimeMs: 1_700_000_000_000, ctimeMs: before[4] });
    await new Promise((done) => setTimeout(done, 20));
    writeFileSync(path, 'fixed\n');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    // the change time, which no program can set back
    expect(module.allAsNoted([path], true, before, 0)).toBe(false);
    expect(Array.from(identity(module, path, true)).slice(0, 4)).toEqual(Array.from(before).slice(0, 4));
  });
});

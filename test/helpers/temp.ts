import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

/**
 * A factory of fresh temporary folders, all removed after the test file's last test (even when it
 * fails). Call it at the top level or inside a describe block.
 */
export function useTempDirs(): (prefix?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix = 'test') => {
    const dir = mkdtempSync(join(tmpdir(), `stk-migrate-${prefix}-`));
    made.push(dir);
    return dir;
  };
}

/** Writes `files` (path relative to `root` -> content) under `root`, creating folders; returns `root`. */
export function writeFiles(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** An executable shell script at `dir/name`; returns its path. */
export function writeExecutable(dir: string, name: string, body = 'exit 0'): string {
  const file = join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A copy of `test/fixtures/projects/<name>` in a new folder of `tempDir`; returns the copy's root. */
export function copyFixtureProject(tempDir: (prefix?: string) => string, name: string): string {
  const root = join(tempDir(name), name);
  cpSync(join(fixturesDir, 'projects', name), root, { recursive: true });
  return root;
}

/** Path of a fixture project, used in place (read-only). */
export function fixtureProject(name: string): string {
  return join(fixturesDir, 'projects', name);
}

/**
 * Points the parse cache at a private folder for this test file, so tests never read or write the
 * developer's ~/.cache and never see each other's entries. Returns a getter for the folder.
 */
export function isolateParseCache(): () => string {
  let dir = '';
  const saved = { dir: process.env.STK_MIGRATE_CACHE_DIR, off: process.env.STK_MIGRATE_NO_CACHE };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stk-migrate-cache-'));
    process.env.STK_MIGRATE_CACHE_DIR = dir;
    delete process.env.STK_MIGRATE_NO_CACHE;
  });
  afterAll(() => {
    restoreEnv('STK_MIGRATE_CACHE_DIR', saved.dir);
    restoreEnv('STK_MIGRATE_NO_CACHE', saved.off);
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

export function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

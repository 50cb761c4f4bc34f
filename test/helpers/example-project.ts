import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { detectRunner, resolvePython } from '../../scripts/lib/discover/runner.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const exampleRoot = join(repoRoot, 'examples', 'stk-app');

/** A private copy of examples/stk-app (without its instance/ database) and a way to remove it. */
export function copyExample(): { root: string; cleanup: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'stk-migrate-example-'));
  const root = join(parent, 'stk-app');
  cpSync(exampleRoot, root, {
    recursive: true,
    filter: (source) => !/(^|[\\/])(instance|__pycache__)([\\/]|$)/.test(source.slice(exampleRoot.length)),
  });
  return { root, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * Adds `Account` (email, and the secrets password and api_token) to the blog module of a copy of the example, with
 * its migration (test/fixtures/api/account), so a draft for a model with secrets can be written and driven.
 */
export function addAccountModel(root: string): void {
  const fixture = join(repoRoot, 'test', 'fixtures', 'api', 'account');
  appendFileSync(join(root, 'stkapp', 'blog', 'models.py'), readFileSync(join(fixture, 'model.py'), 'utf8'));
  cpSync(join(fixture, '5a1e0c2f9d3b_add_account_table.py'), join(root, 'alembic', 'versions', '5a1e0c2f9d3b_add_account_table.py'));
}

/** The interpreter that runs the example: the first python3 on PATH that imports alembic. */
export async function examplePython(root: string): Promise<string[]> {
  return resolvePython(root, detectRunner(root, { runner: 'python' }), {});
}

/** Runs Alembic itself in the project, as its developer would. */
export async function alembic(root: string, ...args: string[]): Promise<string> {
  const python = await examplePython(root);
  const result = await execa(python[0]!, [...python.slice(1), '-m', 'alembic', ...args], { cwd: root, all: true });
  return result.all ?? '';
}

/** Runs the bundled CLI the way the skill does: `node dist/cli.cjs ...`. */
export async function stkMigrate(cwd: string, ...args: string[]) {
  return execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd, reject: false });
}

/**
 * An environment whose Claude Code installed stk-skills from `url` (a shareable source), so that plain
 * `install` knows the marketplace to declare whether or not this checkout has an origin. `dir` is Claude
 * Code's configuration folder to write.
 */
export function claudeInstalledFrom(url: string, dir: string): NodeJS.ProcessEnv {
  mkdirSync(join(dir, 'plugins'), { recursive: true });
  writeFileSync(join(dir, 'plugins', 'known_marketplaces.json'), JSON.stringify({ 'stk-skills': { source: { source: 'git', url } } }));
  return { ...process.env, CLAUDE_CONFIG_DIR: dir };
}

/** `stkMigrate` with its own environment. */
export async function stkMigrateIn(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]) {
  return execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd, env, extendEnv: false, reject: false });
}

// `stk-migrate install` as a user runs it: the bundled CLI (a fresh build) on copies of
// examples/stk-app, which holds stk's four old-style skill copies in .claude/skills/.
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeInstalledFrom, copyExample, repoRoot, stkMigrate, stkMigrateIn } from '../helpers/example-project.js';
import { sha256 } from '../../scripts/lib/suite/manifest.js';
import { useTempDirs } from '../helpers/temp.js';
import { snapshot } from './snapshot.js';

const MARKETPLACE = 'https://git.example.org/tools/stk-skills.git';
const tempDir = useTempDirs();

/**
 * Makes `dir`'s entries impossible to remove: `chattr +i` as root (who ignores permission bits), else a
 * read-only mode. False when neither is possible here.
 */
async function lock(dir: string): Promise<boolean> {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return true;
  }
  return (await execa('chattr', ['+i', dir], { reject: false })).exitCode === 0;
}

async function unlock(dir: string): Promise<void> {
  if (process.getuid?.() === 0) await execa('chattr', ['-i', dir], { reject: false });
  else chmodSync(dir, 0o755);
}

describe('stk-migrate install (dist/cli.cjs) on a copy of examples/stk-app', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  it('is listed under the whole suite in --help, with its own --help', async () => {
    const help = await stkMigrate(project.root, '--help');
    expect(help.stdout).toMatch(/the whole suite:\n(?: {2}.*\n)*? {2}install +Install the stk skills into a project so they win over its old vendored copies\./);
    const own = await stkMigrate(project.root, 'install', '--help');
    expect(own.exitCode).toBe(0);
    expect(own.stdout).toContain('Usage: stk-migrate install [--vendor] [--marketplace <source>] [--dry-run] [--force] [--project <dir>] [--format text|json]');
  });

  it('warns in the stk-migrate context while the old copies are there, and no more once installed', async () => {
    const env = claudeInstalledFrom(MARKETPLACE, tempDir('claude-config'));
    const before = await stkMigrateIn(env, project.root, 'context');
    const first = before.stdout.split('\n')[0];
    expect(first).toBe(
      "⚠ stk-skills: .claude/skills/stk-api/, .claude/skills/stk-blueprint/, .claude/skills/stk-dev/ and .claude/skills/stk-migrate/ (old copies of stk-api, stk-blueprint, stk-dev and stk-migrate) take /stk-api, /stk-blueprint, /stk-dev and /stk-migrate, which then run the project's skill instead of ours (ours stay reachable as /stk-skills:<name>). " +
        `Fix: run \`node ${JSON.stringify(join(repoRoot, 'dist', 'cli.cjs'))} install\` in the project (it removes the old copies and enables the plugin in .claude/settings.json).`,
    );
    const json = JSON.parse((await stkMigrateIn(env, project.root, 'context', '--format', 'json')).stdout) as { shadowing: string | null };
    expect(json.shadowing).toBe(first);
    await stkMigrate(project.root, 'install', '--marketplace', MARKETPLACE);
    expect((await stkMigrate(project.root, 'context')).stdout.split('\n')[0]).toBe('### Project `stk-app`');
  });

  it('prints every file it changes; a dry run (text or JSON) changes nothing; a second run changes nothing', async () => {
    const before = snapshot(project.root);
    const dry = await stkMigrate(project.root, 'install', '--dry-run', '--format', 'json', '--marketplace', MARKETPLACE);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as { dryRun: boolean; changes: { action: string; path: string }[] };
    expect(planned.dryRun).toBe(true);
    expect(planned.changes.map(({ action, path }) => `${action} ${path}`)).toEqual([
      'delete .claude/skills/stk-api/SKILL.md',
      'delete .claude/skills/stk-blueprint/SKILL.md',
      'delete .claude/skills/stk-dev/SKILL.md',
      'delete .claude/skills/stk-dev/references/patterns.md',
      'delete .claude/skills/stk-migrate/SKILL.md',
      'create .claude/settings.json',
    ]);
    expect((await stkMigrate(project.root, 'install', '--dry-run', '--marketplace', MARKETPLACE)).stdout).toContain('Dry run: 6 files would change; nothing was written.');
    expect(snapshot(project.root)).toEqual(before);

    const real = await stkMigrate(project.root, 'install', '--marketplace', MARKETPLACE);
    expect(real.exitCode, real.stderr).toBe(0);
    for (const { action, path } of planned.changes) expect(real.stdout).toMatch(new RegExp(`^ {2}${action} +${path.replaceAll('.', '\\.')} `, 'm'));
    expect(real.stdout).toContain("6 files changed. Commit .claude/: a teammate's Claude Code registers the marketplace and offers the plugin once they trust the folder.");
    const after = snapshot(project.root);
    const again = await stkMigrate(project.root, 'install');
    expect(again.stdout).toContain(`marketplace: ${MARKETPLACE} (already declared in .claude/settings.json)`);
    expect(again.stdout).toContain('Nothing to change: the project is up to date.');
    expect(snapshot(project.root)).toEqual(after);
  });

  it('refuses broken settings JSON in one line with its place, and touches nothing', async () => {
    writeFileSync(join(project.root, '.claude', 'settings.json'), '{\n  "permissions": {"allow": []}\n  "env": {}\n}\n');
    const before = snapshot(project.root);
    for (const args of [['--marketplace', MARKETPLACE], ['--vendor']]) {
      const run = await stkMigrate(project.root, 'install', ...args);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'stk-migrate: .claude/settings.json:3:3: not valid JSON (comma expected), which Claude Code ignores too; fix it, then run install again (nothing was changed)',
      );
    }
    expect(snapshot(project.root)).toEqual(before);
  });

  it('--vendor: the vendored skills run with node alone from .claude/, and their hooks from the settings', async () => {
    const run = await stkMigrate(project.root, 'install', '--vendor');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}create +\.claude\/stk-skills\/runtime\/tree-sitter-python\.wasm /m);
    expect(run.stdout).toMatch(/^ {2}create +\.claude\/stk-skills\/runtime\/python\/stk_migrate_helper\.py /m);
    const skill = readFileSync(join(project.root, '.claude/skills/stk-migrate/SKILL.md'), 'utf8');
    const line = skill.split('\n').find((text) => text.startsWith('!`'))!;
    expect(line).toBe('!`node "${CLAUDE_SKILL_DIR}/../../stk-skills/runtime/cli.cjs" context`');
    // What the skill's `!` line runs once Claude Code has put the skill's folder in.
    const command = line.slice(2, -1).replace('${CLAUDE_SKILL_DIR}', join(project.root, '.claude/skills/stk-migrate'));
    const context = await execa('sh', ['-c', command], { cwd: project.root, env: { PATH: process.env.PATH }, extendEnv: false });
    expect(context.stdout.split('\n')[0]).toBe('### Project `stk-app`');
    expect(context.stdout).toContain('| `roles_users` |');
    // The hooks as Claude Code runs a project's: through a shell, with CLAUDE_PROJECT_DIR set.
    const settings = JSON.parse(readFileSync(join(project.root, '.claude/settings.json'), 'utf8'));
    const hook = settings.hooks.SessionStart[0].hooks[0].command as string;
    const event = JSON.stringify({ session_id: 's', cwd: project.root, hook_event_name: 'SessionStart', source: 'startup' });
    const start = await execa('sh', ['-c', hook], { cwd: project.root, input: event, env: { PATH: process.env.PATH, CLAUDE_PROJECT_DIR: project.root }, extendEnv: false });
    expect(start).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect((await stkMigrate(project.root, 'install', '--vendor')).stdout).toContain('Nothing to change');
  });

  // A monorepo: Claude Code starts at the top, whose .claude/ holds the old copies; the stk app is in backend/.
  it('in a monorepo, the command the warning prints, run at the top, installs into the top .claude/ and clears the warning', async () => {
    const top = join(dirname(project.root), 'mono');
    mkdirSync(top);
    renameSync(project.root, join(top, 'backend'));
    renameSync(join(top, 'backend', '.claude'), join(top, '.claude'));
    // One more old copy in backend/: a session started there sees it too.
    mkdirSync(join(top, 'backend/.claude/skills/stk-api'), { recursive: true });
    writeFileSync(join(top, 'backend/.claude/skills/stk-api/SKILL.md'), readFileSync(join(top, '.claude/skills/stk-api/SKILL.md')));
    await execa('git', ['init', '-q', top]);
    const env = claudeInstalledFrom(MARKETPLACE, tempDir('claude-config'));

    const warning = (await stkMigrateIn(env, top, 'context')).stdout.split('\n')[0]!;
    expect(warning).toContain('../.claude/skills/stk-migrate/');
    expect(warning).toContain('.claude/skills/stk-api/, ../.claude/skills/stk-api/');
    const command = /Fix: run `([^`]+)` in the project/.exec(warning)?.[1];
    expect(command).toBe(`node ${JSON.stringify(join(repoRoot, 'dist', 'cli.cjs'))} install`);

    const run = await execa('sh', ['-c', command!], { cwd: top, env, extendEnv: false, reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`stk-skills install (plugin mode) in ${top} (for the stk project in backend/):`);
    expect(run.stdout).toMatch(/^ {2}delete +\.claude\/skills\/stk-migrate\/SKILL\.md /m);
    expect(run.stdout).toMatch(/^ {2}delete +backend\/\.claude\/skills\/stk-api\/SKILL\.md /m);
    expect(readdirSync(join(top, '.claude', 'skills'))).toEqual([]);
    expect(readdirSync(join(top, 'backend', '.claude')), 'nothing written to backend/.claude/, its skills/ kept').toEqual(['skills']);
    expect(readdirSync(join(top, 'backend', '.claude', 'skills'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(top, '.claude', 'settings.json'), 'utf8')).enabledPlugins).toEqual({ 'stk-skills@stk-skills': true });
    for (const cwd of [top, join(top, 'backend')]) expect((await stkMigrateIn(env, cwd, 'context')).stdout.split('\n')[0]).toBe('### Project `backend`');
    // From backend/ too, install finds the same .claude/: nothing left to do.
    expect((await stkMigrateIn(env, join(top, 'backend'), 'install', '--vendor', '--dry-run')).stdout).toContain(`in ${top} (for the stk project in backend/)`);
    expect((await stkMigrateIn(env, join(top, 'backend'), 'install')).stdout).toContain('Nothing to change');
  });

  it('--vendor: an old copy whose folder cannot be emptied leaves the install complete, exit 0, and one warning naming the folder', async (context) => {
    const references = join(project.root, '.claude', 'skills', 'stk-dev', 'references');
    if (!(await lock(references))) context.skip();
    let leftover: string | undefined;
    try {
      const run = await stkMigrate(project.root, 'install', '--vendor');
      leftover = readdirSync(join(project.root, '.claude')).find((name) => name.startsWith('.stk-skills-edit-'));
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(leftover).toBeDefined();
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines.at(-2)).toMatch(/^\d+ files changed\. Commit \.claude\//);
      expect(lines.at(-1)).toBe(
        `warning: installed, but .claude/${leftover}/ (the files it replaced) could not be removed (old-2/references/patterns.md: permission denied): remove it with rm -rf .claude/${leftover}/`,
      );
      expect(readFileSync(join(project.root, '.claude', leftover!, '.gitignore'), 'utf8'), 'git add leaves it out').toBe('*\n');
      const manifest = JSON.parse(readFileSync(join(project.root, '.claude/stk-skills/manifest.json'), 'utf8')) as { files: Record<string, string> };
      expect(sha256(readFileSync(join(project.root, '.claude/skills/stk-dev/SKILL.md'))), 'our stk-dev is in place').toBe(manifest.files['.claude/skills/stk-dev/SKILL.md']);
      const again = await stkMigrate(project.root, 'install', '--vendor');
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toContain(`note: .claude/${leftover}/ was left by an earlier install (killed midway, or unable to remove it)`);
      expect(again.stdout).toContain('Nothing to change');
    } finally {
      await unlock(leftover ? join(project.root, '.claude', leftover, 'old-2', 'references') : references);
    }
  });
});

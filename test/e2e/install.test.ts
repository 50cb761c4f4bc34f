// The suite in a real stk checkout's situation: a copy of examples/stk-app, which commits stk's four
// old-style skill copies in .claude/skills/, driven by the real Claude Code client.
//
// Observed with claude 2.1.197 (and relied on below):
// - A project skill takes the bare name: `/stk-migrate` runs the old copy, whose first `!` line fails
//   (no `uv` here), and no request reaches the model; the plugin's skill is `/stk-skills:stk-migrate`.
// - The plugin's SessionStart hook output reaches the model as a system message (sessionStartContexts).
// - `.claude/settings.json` with `extraKnownMarketplaces` and `enabledPlugins`: in a trusted folder
//   (the folder-trust question answered, see trustProject) the client registers the marketplace and
//   installs the plugin at project scope by itself: interactively at once after the trust question,
//   with `-p` in the second session, or in the first with CLAUDE_CODE_SYNC_PLUGIN_INSTALL=1. An
//   untrusted folder's marketplaces are ignored. A relative `directory` source is resolved against
//   the project root.
// - Project hooks in `.claude/settings.json` run through a shell with CLAUDE_PROJECT_DIR set.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { discoverProject } from '../../scripts/lib/discover/project.js';
import { revisionGraph } from '../../scripts/lib/migrate/graph.js';
import { loadMigrationHeaders } from '../../scripts/lib/migrate/load.js';
import { loadModels } from '../../scripts/lib/models/load.js';
import type { SkillName } from '../../scripts/lib/suite/skills.js';
import { bioMigration } from '../migrate/validate/fixtures.js';
import { inheritedEnv, localCommandErrors, REPO_ROOT, runClaude, trustProject, withProjectCopy, withTempDir, type ClaudeRun } from './claude.js';
import {
  hookErrors,
  offeredSkills,
  sessionStartContexts,
  skillExpansions,
  text,
  toolUse,
  withFakeModel,
  type FakeModel,
  type MessagesRequest,
  type SkillExpansion,
} from './fake-model.js';

const TIMEOUT = { timeout: 300_000 };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'stk-app');
const SYNC_PLUGIN_INSTALL = { CLAUDE_CODE_SYNC_PLUGIN_INSTALL: '1' };

/** How a project has the suite: as the plugin (given the marketplace folder it comes from), or vendored. */
type Mode = { kind: 'plugin'; marketplace: string } | { kind: 'vendor' };

/**
 * What a skill must show the model once installed. A slash command expands with its context (`expect`
 * checks the lines its `!` lines produced); a background skill is offered to the model but is no slash
 * command. Every skill in skills/ has a line (the install test checks the list against the folder).
 */
type SkillCheck =
  | { skill: SkillName; prompt: string; expect: (added: string, project: string) => Promise<void> }
  | { skill: SkillName; background: true };

const SKILL_CHECKS: SkillCheck[] = [
  { skill: 'stk-migrate', prompt: '/stk-migrate add bio to users', expect: expectMigrationContext },
  { skill: 'stk-api', prompt: '/stk-api Post', expect: async (added) => expect(added).toContain('### Model `Post` (stkapp/blog/models.py:23, table `post`)') },
  { skill: 'stk-blueprint', prompt: '/stk-blueprint invoice_line', expect: async (added) => expect(added).toContain('### Name `invoice_line`: valid and free') },
  { skill: 'stk-dev', background: true },
];

/** The migration context of the example: its project line, head revision and every model table. */
async function expectMigrationContext(added: string, project: string): Promise<void> {
  const discovered = await discoverProject({ project, env: {} });
  const [graph, models] = await Promise.all([loadMigrationHeaders(discovered).then(revisionGraph), loadModels(discovered)]);
  expect(added).toContain('### Project `stk-app`');
  expect(added).toMatch(new RegExp(`^.*\\bhead\\b.*\\b${graph.heads[0]}\\b.*$`, 'm'));
  for (const table of models.tables) expect(added, `table ${table.name}`).toMatch(new RegExp(`\\b${table.name}\\b`));
}

/** The folder Claude Code serves a skill from in `mode`, for the checks of the expansion. */
function skillFolders(mode: Mode, project: string, home: string, skill: string): string[] {
  if (mode.kind === 'vendor') return [path.join(project, '.claude', 'skills', skill)];
  // A local-directory marketplace is served from the folder itself; a cached copy is accepted too.
  return [path.join(mode.marketplace, 'skills', skill), path.join(home, '.claude', 'plugins', 'cache', 'stk-skills', 'stk-skills', '0.1.0', 'skills', skill)];
}

/** The lines of an expansion that SKILL.md as written does not hold: what its `!` lines printed. */
async function addedLines(expansion: SkillExpansion): Promise<string> {
  const written = new Set((await readFile(path.join(expansion.directory, 'SKILL.md'), 'utf8')).split('\n'));
  return expansion.text
    .split('\n')
    .filter((line) => !written.has(line))
    .join('\n');
}

function firstRequest(model: FakeModel, run: ClaudeRun): MessagesRequest {
  const request = model.scriptedRequests()[0];
  if (!request) throw new Error(`no request reached the model; claude's result: ${JSON.stringify(run.result.result)}; local command errors: ${localCommandErrors(run.transcript).join('\n') || 'none'}`);
  return request.body;
}

/** `stk-migrate install` with the plugin's own bundled CLI, in the project. */
async function install(project: string, pluginRoot: string, ...args: string[]) {
  const run = await execa('node', [path.join(pluginRoot, 'dist', 'cli.cjs'), 'install', ...args], { cwd: project, env: inheritedEnv(), extendEnv: false, reject: false });
  expect(run.exitCode, run.stderr).toBe(0);
  return run;
}

/** Every check of SKILL_CHECKS, each in a session of its own, with the suite installed as `mode` and no --plugin-dir. */
async function expectInstalledSkills(mode: Mode, project: string, home: string): Promise<void> {
  for (const check of SKILL_CHECKS) {
    if ('background' in check) {
      await withFakeModel([[text('Noted.')]], async (model) => {
        const run = await runClaude({ prompt: 'hello', cwd: project, modelUrl: model.url, home, pluginDir: false, env: SYNC_PLUGIN_INSTALL });
        expect(offeredSkills(firstRequest(model, run))).toContain(mode.kind === 'plugin' ? `stk-skills:${check.skill}` : check.skill);
      });
      // claude 2.1.197 answers a `user-invocable: false` skill's slash command itself, without a request.
      await withFakeModel([], async (model) => {
        const run = await runClaude({ prompt: `/${check.skill}`, cwd: project, modelUrl: model.url, home, pluginDir: false, env: SYNC_PLUGIN_INSTALL });
        expect(model.scriptedRequests(), `/${check.skill} should be no slash command`).toEqual([]);
        expect(run.transcript).toContain('This skill can only be invoked by Claude, not directly by users.');
      });
      continue;
    }
    await withFakeModel([[text('Noted.')]], async (model) => {
      const run = await runClaude({ prompt: check.prompt, cwd: project, modelUrl: model.url, home, pluginDir: false, env: SYNC_PLUGIN_INSTALL });
      const body = firstRequest(model, run);
      expect(sessionStartContexts(body), 'no shadowing is left to warn about').toEqual([]);
      const [expansion, ...others] = skillExpansions(body);
      expect(others).toEqual([]);
      expect(skillFolders(mode, project, home, check.skill), `${check.prompt} should run our skill`).toContain(expansion?.directory);
      expect(expansion!.text, 'a !` line was left unexpanded').not.toContain('!`');
      const added = await addedLines(expansion!);
      expect(added, 'the context should carry no warning').not.toContain('⚠');
      await check.expect(added, project);
    });
  }
}

describe('the suite in a copy of examples/stk-app holding stk old-style skill copies', () => {
  it('checks every skill the plugin ships', async () => {
    const shipped = (await readdir(path.join(REPO_ROOT, 'skills'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(SKILL_CHECKS.map((check) => check.skill).sort()).toEqual(shipped.sort());
  });

  it('before install: /stk-migrate runs the old copy, which fails; the warning reaches the model at session start and in our context', TIMEOUT, async () => {
    await withProjectCopy(EXAMPLE, async (project) => {
      await withFakeModel([], async (model) => {
        const run = await runClaude({ prompt: '/stk-migrate add bio to users', cwd: project, modelUrl: model.url });
        expect(model.scriptedRequests(), 'the old copy ends the turn before any request').toEqual([]);
        expect(localCommandErrors(run.transcript).join('\n')).toMatch(/Shell command failed for pattern "!`uv run quart db current`"/);
      });
      await withFakeModel([[text('Noted.')]], async (model) => {
        const run = await runClaude({ prompt: '/stk-skills:stk-migrate add bio to users', cwd: project, modelUrl: model.url });
        const body = firstRequest(model, run);
        const [warning, ...more] = sessionStartContexts(body);
        expect(more).toEqual([]);
        const lines = warning!.split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^stk-skills: .*\.claude\/skills\/stk-migrate\/.* take .*\/stk-migrate/);
        // Plain install when it knows a marketplace to declare (this checkout has an origin), else the two explicit choices.
        const cli = `node ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'cli.cjs'))}`;
        const enables = '(it removes the old copies and enables the plugin in .claude/settings.json)';
        expect([
          `Fix: run \`${cli} install\` in the project ${enables}.`,
          `Fix: run \`${cli} install --vendor\` in the project (it replaces the old copies with ours, committed with the project), or \`${cli} install --marketplace <git URL of the stk-skills repository>\` ${enables}.`,
        ]).toContain(lines[1]);
        const [expansion] = skillExpansions(body);
        expect(expansion?.directory).toBe(path.join(REPO_ROOT, 'skills', 'stk-migrate'));
        const added = (await addedLines(expansion!)).split('\n');
        expect(added, 'the context says it too, on one line before the project facts').toContain(`⚠ ${lines.join(' ')}`);
        expect(added.indexOf(`⚠ ${lines.join(' ')}`)).toBeLessThan(added.indexOf('### Project `stk-app`'));
      });
    });
  });

  it('after install (plugin mode, the marketplace a folder beside the project): /stk-migrate carries our context', TIMEOUT, async () => {
    // The marketplace is a copy of this repository without node_modules, like a clone.
    await withProjectCopy(REPO_ROOT, (marketplace) =>
      withProjectCopy(EXAMPLE, (project) =>
        withTempDir('home', async (home) => {
          await install(project, marketplace, '--marketplace', marketplace);
          const settings = JSON.parse(await readFile(path.join(project, '.claude', 'settings.json'), 'utf8'));
          const source = settings.extraKnownMarketplaces['stk-skills'].source;
          expect(source).toEqual({ source: 'directory', path: path.relative(project, marketplace) });
          expect(source.path, 'no machine path in a committed file').toMatch(/^\.\.\//);
          expect(settings.enabledPlugins).toEqual({ 'stk-skills@stk-skills': true });
          await trustProject(home, project);
          await expectInstalledSkills({ kind: 'plugin', marketplace }, project, home);
        }),
      ),
    );
  });

  it('after install --vendor: /stk-migrate carries our context with node alone, and the vendored edit hook stops a broken migration', TIMEOUT, async () => {
    await withProjectCopy(EXAMPLE, (project) =>
      withTempDir('home', async (home) => {
        await install(project, REPO_ROOT, '--vendor');
        await expectInstalledSkills({ kind: 'vendor' }, project, home);
        const discovered = await discoverProject({ project, env: {} });
        const head = revisionGraph(await loadMigrationHeaders(discovered)).heads[0]!;
        const { name, text: migration } = bioMigration(head, true);
        const write = toolUse('Write', { file_path: path.join(project, 'alembic', 'versions', name), content: migration });
        await withFakeModel([[write], [text('Noted.')]], async (model) => {
          await runClaude({ prompt: 'add bio to users', cwd: project, modelUrl: model.url, home, pluginDir: false });
          const after = model.scriptedRequests()[1];
          expect(after, 'the request after the Write').toBeDefined();
          const [error, ...others] = hookErrors(after!.body);
          expect(others).toEqual([]);
          expect(error).toMatchObject({ event: 'PostToolUse', tool: 'Write', command: 'node "$CLAUDE_PROJECT_DIR/.claude/stk-skills/runtime/hook.cjs"' });
          expect(error!.stderr).toMatch(/error downgrade-not-inverse/);
        });
      }),
    );
  });
});

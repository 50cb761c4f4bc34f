// The stk-migrate skill, loaded by the real Claude Code client from this repository:
// what the model receives must hold the project's live migration context.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  inheritedEnv,
  installPlugin,
  localCommandErrors,
  REPO_ROOT,
  runClaude,
  withProjectCopy,
  withTempDir,
  type ClaudeRun,
} from './claude.js';
import {
  skillExpansions,
  withFakeModel,
  text,
  toolResult,
  toolUse,
  type FakeModel,
  type RecordedRequest,
  type SkillExpansion,
} from './fake-model.js';

const TIMEOUT = { timeout: 180_000 };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'stk-app');
const PYTHON = '/usr/bin/python3';
const SKILL_DIRECTORY = path.join(REPO_ROOT, 'skills', 'stk-migrate');
const REQUEST = 'add bio to users';

interface ExampleState {
  /** The revision the copy's database is at, as `alembic current` reports it. */
  current: string;
  head: string;
  tables: string[];
}

interface Revision {
  file: string;
  revision: string;
  downRevision: string | null;
}

const REVISION = /^revision(?:\s*:[^=\n]*)?\s*=\s*["']([^"']+)["']/m;
const DOWN_REVISION = /^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:["']([^"']+)["']|None)\s*$/m;

async function readRevisions(versions: string): Promise<Revision[]> {
  const files = (await readdir(versions)).filter((file) => file.endsWith('.py'));
  return Promise.all(
    files.map(async (file) => {
      const source = await readFile(path.join(versions, file), 'utf8');
      const revision = REVISION.exec(source)?.[1];
      const down = DOWN_REVISION.exec(source);
      if (!revision || !down) throw new Error(`${versions}/${file}: no plain revision/down_revision assignment; the test reads only linear histories`);
      return { file, revision, downRevision: down[1] ?? null };
    }),
  );
}

async function python(project: string, args: string[]) {
  return execa(PYTHON, args, { cwd: project, env: inheritedEnv(), extendEnv: false, stdin: 'ignore' });
}

const MODEL_TABLES = [
  'import json',
  'from stkapp.extensions import Base',
  'from stkapp.migrations import import_models',
  'import_models()',
  'print(json.dumps(sorted(Base.metadata.tables)))',
].join('; ');

/** Migrates the copy's database to the head's parent, so current and head differ. */
async function prepareExample(project: string): Promise<ExampleState> {
  const revisions = await readRevisions(path.join(project, 'alembic', 'versions'));
  const parents = new Set(revisions.map((revision) => revision.downRevision));
  const heads = revisions.filter((revision) => !parents.has(revision.revision));
  expect(heads.map((head) => head.file), 'the example should have exactly one head').toHaveLength(1);
  const head = heads[0]!;
  expect(head.downRevision, `${head.file} should have a parent revision`).not.toBeNull();
  const current = head.downRevision!;

  await python(project, ['-m', 'alembic', 'upgrade', current]);
  const reported = (await python(project, ['-m', 'alembic', 'current'])).stdout.trim().split(/\s+/)[0];
  expect(reported, 'alembic current after the upgrade').toBe(current);

  const tables = JSON.parse((await python(project, ['-c', MODEL_TABLES])).stdout) as string[];
  expect(tables, 'the example models should declare the roles_users association table').toContain('roles_users');
  return { current, head: head.revision, tables };
}

/**
 * Without the example's old vendored skills, which take `/stk-migrate` from the plugin: a project that never
 * vendored them, or one after `install` (the shadowed case is test/e2e/install.test.ts).
 */
async function withExampleAtHeadParent<T>(fn: (project: string, state: ExampleState) => Promise<T>): Promise<T> {
  return withProjectCopy(EXAMPLE, async (project) => fn(project, await prepareExample(project)), { without: ['.claude/skills'] });
}

function scriptedRequest(model: FakeModel, index: number, run: ClaudeRun): RecordedRequest {
  const request = model.scriptedRequests()[index];
  if (!request) {
    const errors = localCommandErrors(run.transcript);
    throw new Error(
      `the model got ${model.scriptedRequests().length} main-loop request(s), expected at least ${index + 1}. ` +
        `claude's result: ${JSON.stringify(run.result.result)}. ` +
        `Errors of local commands (a failing or denied !\` line ends the turn silently): ${errors.length ? errors.join('\n') : 'none'}`,
    );
  }
  return request;
}

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (value: string): RegExp => new RegExp(`\\b${escapeRegExp(value)}\\b`);
/** A line that names `label` (e.g. "current") and holds `id`. */
const labelledLine = (label: string, id: string): RegExp =>
  new RegExp(`^.*\\b${label}\\b.*\\b${escapeRegExp(id)}\\b.*$|^.*\\b${escapeRegExp(id)}\\b.*\\b${label}\\b.*$`, 'im');

/**
 * The expansion holds the context the `!` line produced: checked on the lines that are not
 * in SKILL.md as written, so the skill's own prose ("user", example revisions) proves nothing.
 */
async function expectProjectContext(expansion: SkillExpansion | undefined, state: ExampleState, skillDirectory: string) {
  expect(expansion, 'the request should carry the expanded stk-migrate skill').toBeDefined();
  const { directory, text: expanded } = expansion!;
  expect(directory).toBe(skillDirectory);
  expect(expanded, 'a !` line was left unexpanded').not.toContain('!`');
  expect(expanded).not.toContain('${CLAUDE_PLUGIN_ROOT}');
  const written = new Set((await readFile(path.join(skillDirectory, 'SKILL.md'), 'utf8')).split('\n'));
  const added = expanded
    .split('\n')
    .filter((line) => !written.has(line))
    .join('\n');
  expect(added, 'the current revision, on a line that says "current"').toMatch(labelledLine('current', state.current));
  expect(added, 'the head revision, on a line that says "head"').toMatch(labelledLine('head', state.head));
  for (const table of state.tables) expect(added, `table ${table}`).toMatch(word(table));
}

describe('the stk-migrate skill in a copy of examples/stk-app, database one revision behind head', () => {
  it('expands its context when the user types /stk-migrate', TIMEOUT, async () => {
    await withExampleAtHeadParent((project, state) =>
      withFakeModel([[text('Noted.')]], async (model) => {
        const run = await runClaude({ prompt: `/stk-migrate ${REQUEST}`, cwd: project, modelUrl: model.url });
        const request = scriptedRequest(model, 0, run);
        const [expansion, ...others] = skillExpansions(request.body);
        expect(others).toEqual([]);
        await expectProjectContext(expansion, state, SKILL_DIRECTORY);
      }),
    );
  });

  it('expands the same context when the model calls the Skill tool', TIMEOUT, async () => {
    const skillCall = toolUse('Skill', { skill: 'stk-skills:stk-migrate', args: REQUEST });
    await withExampleAtHeadParent((project, state) =>
      withFakeModel([[skillCall], [text('Noted.')]], async (model) => {
        const run = await runClaude({ prompt: REQUEST, cwd: project, modelUrl: model.url });
        const request = scriptedRequest(model, 1, run);
        const result = toolResult(request.body, skillCall.id);
        expect(result, 'the Skill call should have a tool_result').toBeDefined();
        expect(result!.isError, result!.text).toBe(false);
        const [expansion, ...others] = skillExpansions({ messages: [result!.message] });
        expect(others).toEqual([]);
        await expectProjectContext(expansion, state, SKILL_DIRECTORY);
      }),
    );
  });

  // The marketplace folder is a copy without node_modules, like a clone: the skill must run
  // with node alone. claude 2.1.197 serves a plugin from a local-directory marketplace out
  // of that folder rather than out of its installPath copy; either is accepted.
  it('expands its context from the plugin installed through the marketplace', TIMEOUT, async () => {
    await withProjectCopy(REPO_ROOT, (marketplace) =>
      withTempDir('home', (home) =>
        withExampleAtHeadParent((project, state) =>
          withFakeModel([[text('Noted.')]], async (model) => {
            const installed = await installPlugin(marketplace, { home, modelUrl: model.url });
            const run = await runClaude({ prompt: `/stk-migrate ${REQUEST}`, cwd: project, modelUrl: model.url, home, pluginDir: false });
            const request = scriptedRequest(model, 0, run);
            const [expansion] = skillExpansions(request.body);
            const served = [installed.installPath, marketplace].map((root) => path.join(root, 'skills', 'stk-migrate'));
            expect(served, 'the skill should be served from the installed plugin').toContain(expansion?.directory);
            await expectProjectContext(expansion, state, expansion!.directory);
          }),
        ),
      ),
    );
  });
});

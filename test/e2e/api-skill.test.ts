// The stk-api skill through the real Claude Code client: `/stk-api Post` in a copy of the example must reach the
// model with the API context of Post, and the commands the skill names must work as the model's tool calls.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, REPO_ROOT, runClaude, withProjectCopy } from './claude.js';
import { skillExpansions, text, toolResult, toolUse, withFakeModel, type MessagesRequest } from './fake-model.js';
import { bash, contextLines, scripted } from './skill-steps.js';

const TIMEOUT = { timeout: 240_000 };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'stk-app');
const SKILL_DIRECTORY = path.join(REPO_ROOT, 'skills', 'stk-api');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');

function expectPostContext(added: string): void {
  expect(added).toContain('### Model `Post` (stkapp/blog/models.py:23, table `post`)');
  expect(added).toContain('| `title` | String(255) | no |  |  |');
  expect(added).toContain('| `user_id` | Integer | yes |  | FK user.id, index |');
  expect(added).toContain('- relationships: `author` → User (lazy=selectin)');
  expect(added).toContain('### Blueprint `blog` (`bp_blog`, stkapp/blog/views.py:5)');
  expect(added).toContain('- blueprint-level auth: `auth_required("session")`, `roles_required("admin")`');
  expect(added).toContain('| `POST /api/post/<int:id>` | `api_post_update` | free |');
  expect(added).toContain('| `GET /posts/` | `posts_page` | taken: GET /posts/ → posts_page (stkapp/blog/views.py:15, auth: blueprint) |');
}


// The example commits old vendored copies of the four skills (.claude/skills/), which take the bare names;
// these tests are about the plugin's skill, so the copies leave them out (test/e2e/install.test.ts covers them).
describe('the stk-api skill in a copy of examples/stk-app', () => {
  it('/stk-api Post sends the model the context of Post, and api-new, api-check and api-smoke run as its tool calls', TIMEOUT, async () => {
    const draft = bash(`node ${CLI} api-new Post`);
    const review = bash(`node ${CLI} api-check`);
    const prove = bash(`node ${CLI} api-smoke Post`);
    await withProjectCopy(EXAMPLE, (project) =>
      withFakeModel([[draft], [review], [prove], [text('Done.')]], async (model) => {
        const run = await runClaude({ prompt: '/stk-api Post with search on the title', cwd: project, modelUrl: model.url, timeoutMs: 200_000 });
        const first = scripted(model, 0, run);
        const added = await contextLines(first.body, SKILL_DIRECTORY);
        expectPostContext(added);
        // the rest of the request reaches the model as text, not through the shell
        expect(skillExpansions(first.body)[0]!.text).toContain('# stk-api: Post with search on the title');

        const drafted = toolResult(scripted(model, 1, run).body, draft.id);
        expect(drafted?.isError, drafted?.text).toBe(false);
        expect(drafted!.text).toContain('api-new Post: wrote stkapp/blog/views.py and stkapp/blog/models.py (blueprint blog)');
        expect(await readFile(path.join(project, 'stkapp', 'blog', 'views.py'), 'utf8')).toContain('async def api_post_delete(id):');

        const reviewed = toolResult(scripted(model, 2, run).body, review.id);
        expect(reviewed?.text).toContain('no findings');
        const proved = toolResult(scripted(model, 3, run).body, prove.id);
        expect(proved?.isError, proved?.text).toBe(false);
        expect(proved!.text).toContain('✓ not-found');
        expect(proved!.text).toContain('no findings');
      }),
      { without: ['.claude/skills'] },
    );
  });

  it('loads the same context when the model calls the Skill tool', TIMEOUT, async () => {
    const plugin = await readJson<{ name: string }>(path.join(REPO_ROOT, '.claude-plugin', 'plugin.json'));
    const call = toolUse('Skill', { skill: `${plugin.name}:stk-api`, args: 'Post' });
    await withProjectCopy(EXAMPLE, (project) =>
      withFakeModel([[call], [text('Noted.')]], async (model) => {
        const run = await runClaude({ prompt: 'Add CRUD endpoints for posts', cwd: project, modelUrl: model.url });
        const result = toolResult(scripted(model, 1, run).body, call.id);
        expect(result?.isError, result?.text).toBe(false);
        expectPostContext(await contextLines({ messages: [result!.message] } as MessagesRequest, SKILL_DIRECTORY));
      }),
      { without: ['.claude/skills'] },
    );
  });

  it('does not run shell text from the arguments', TIMEOUT, async () => {
    await withProjectCopy(EXAMPLE, (project) =>
      withFakeModel([[text('Noted.')]], async (model) => {
        const marker = path.join(project, 'INJECTED');
        const run = await runClaude({ prompt: `/stk-api Post"; touch ${marker}; echo "x $(touch ${marker})`, cwd: project, modelUrl: model.url });
        expectPostContext(await contextLines(scripted(model, 0, run).body, SKILL_DIRECTORY));
        await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
      }),
      { without: ['.claude/skills'] },
    );
  });
});

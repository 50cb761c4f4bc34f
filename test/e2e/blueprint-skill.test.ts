// The stk-blueprint skill through the real Claude Code client: `/stk-blueprint invoice_line` in a copy of the example
// must reach the model with the blueprint context, and scaffold and blueprint-check must work as its tool calls.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCommandErrors, REPO_ROOT, runClaude, withProjectCopy, type ClaudeRun } from './claude.js';
import { skillExpansions, text, toolResult, toolUse, withFakeModel, type FakeModel, type MessagesRequest, type RecordedRequest } from './fake-model.js';

const TIMEOUT = { timeout: 300_000 };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'stk-app');
const SKILL_DIRECTORY = path.join(REPO_ROOT, 'skills', 'stk-blueprint');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.mjs');

function scripted(model: FakeModel, index: number, run: ClaudeRun): RecordedRequest {
  const request = model.scriptedRequests()[index];
  if (!request) {
    const errors = localCommandErrors(run.transcript);
    throw new Error(`the model got ${model.scriptedRequests().length} request(s), expected ${index + 1}; errors of local commands: ${errors.join('\n') || 'none'}; result: ${run.result.result}`);
  }
  return request;
}

/** The lines the `!` line added to the expanded skill: what SKILL.md itself does not say. */
async function contextLines(body: MessagesRequest): Promise<string> {
  const [expansion, ...others] = skillExpansions(body);
  expect(others).toEqual([]);
  expect(expansion?.directory).toBe(SKILL_DIRECTORY);
  expect(expansion!.text, 'a !` line was left unexpanded').not.toContain('!`');
  const written = new Set((await readFile(path.join(SKILL_DIRECTORY, 'SKILL.md'), 'utf8')).split('\n'));
  return expansion!.text
    .split('\n')
    .filter((line) => !written.has(line))
    .join('\n');
}

function expectInvoiceLineContext(added: string): void {
  expect(added).toContain('### Name `invoice_line`: valid and free');
  expect(added).toContain('page `GET /invoice_lines/`, template `stkapp/templates/cms/invoice_lines.html`');
  expect(added).toContain('| `blog` | `bp_blog` | stkapp/blog/views.py:5 | — | stkapp/app.py:40 | 1 |');
  expect(added).toContain('- blueprints are registered in `register_blueprints()` of stkapp/app.py (lines 38, 39, 40)');
  expect(added).toContain('- sidebar: `navigation` in stkapp/static/js/navigation.js:2 (/users/, /posts/)');
}

function bash(command: string) {
  return toolUse('Bash', { command, description: command.split(' ').slice(2, 4).join(' '), timeout: 240_000 });
}

// The example commits old vendored copies of the four skills (.claude/skills/), which take the bare names; these
// tests are about the plugin's skill, so the copies leave them out (test/e2e/install.test.ts covers them).
describe('the stk-blueprint skill in a copy of examples/stk-app', () => {
  it('/stk-blueprint invoice_line sends the model the blueprint context, and scaffold and blueprint-check run as its tool calls', TIMEOUT, async () => {
    const create = bash(`node ${CLI} scaffold invoice_line`);
    const check = bash(`node ${CLI} blueprint-check invoice_line`);
    await withProjectCopy(EXAMPLE, (project) =>
      withFakeModel([[create], [check], [text('Done.')]], async (model) => {
        const run = await runClaude({ prompt: '/stk-blueprint invoice_line for the lines of an invoice', cwd: project, modelUrl: model.url, timeoutMs: 280_000 });
        const first = scripted(model, 0, run);
        expectInvoiceLineContext(await contextLines(first.body));
        expect(skillExpansions(first.body)[0]!.text).toContain('# stk-blueprint: invoice_line for the lines of an invoice');

        const scaffolded = toolResult(scripted(model, 1, run).body, create.id);
        expect(scaffolded?.isError, scaffolded?.text).toBe(false);
        for (const step of ['files', 'migration', 'validate', 'lint', 'api-check', 'roundtrip', 'api-smoke']) expect(scaffolded!.text).toMatch(new RegExp(`^✓ ${step}: `, 'm'));
        expect(scaffolded!.text).toMatch(/^[✓–] page-check: /m);
        expect(await readFile(path.join(project, 'stkapp', 'app.py'), 'utf8')).toContain('app.register_blueprint(bp_invoice_line)');
        expect(existsSync(path.join(project, 'instance')), "the developer's database was created").toBe(false);

        const checked = toolResult(scripted(model, 2, run).body, check.id);
        expect(checked?.isError, checked?.text).toBe(false);
        expect(checked!.text).toContain('checked 1 blueprint: invoice_line (stkapp/invoice_line/views.py)');
        expect(checked!.text).toContain('no findings');
      }),
      { without: ['.claude/skills'] },
    );
  });

  it('does not run shell text from the arguments, whatever quotes it holds', TIMEOUT, async () => {
    await withProjectCopy(EXAMPLE, (project) =>
      withFakeModel([[text('Noted.')]], async (model) => {
        const marker = path.join(project, 'INJECTED');
        const run = await runClaude({ prompt: `/stk-blueprint x';touch\${IFS}${marker};'"$(touch\${IFS}${marker})"`, cwd: project, modelUrl: model.url });
        const added = await contextLines(scripted(model, 0, run).body);
        expect(added).toMatch(/^### Name `x.*INJECTED.*`: cannot be used: /m);
        await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
      }),
      { without: ['.claude/skills'] },
    );
  });
});

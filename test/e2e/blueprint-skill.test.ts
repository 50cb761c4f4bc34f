// The stk-blueprint skill through the real Claude Code client: `/stk-blueprint invoice_line` in a copy of the example
// must reach the model with the blueprint context, and scaffold and blueprint-check must work as its tool calls.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/lib/blueprint/browser.js';
import { REPO_ROOT, runClaude, withProjectCopy } from './claude.js';
import { skillExpansions, text, toolResult, withFakeModel } from './fake-model.js';
import { bash, contextLines, scripted } from './skill-steps.js';

const TIMEOUT = { timeout: 300_000 };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'stk-app');
const SKILL_DIRECTORY = path.join(REPO_ROOT, 'skills', 'stk-blueprint');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');

function expectInvoiceLineContext(added: string): void {
  expect(added).toContain('### Name `invoice_line`: valid and free');
  expect(added).toContain('page `GET /invoice_lines/`, template `stkapp/templates/cms/invoice_lines.html`');
  expect(added).toContain('| `blog` | `bp_blog` | stkapp/blog/views.py:5 | — | stkapp/app.py:40 | 1 |');
  expect(added).toContain('- blueprints are registered in `register_blueprints()` of stkapp/app.py (lines 38, 39, 40)');
  expect(added).toContain('- sidebar: `navigation` in stkapp/static/js/navigation.js:2 (/users/, /posts/)');
}

// The example commits old vendored copies of the four skills (.claude/skills/), which take the bare names; these
// tests are about the plugin's skill, so the copies leave them out (test/e2e/install.test.ts covers them).
describe('the stk-blueprint skill in a copy of examples/stk-app', () => {
  it('/stk-blueprint invoice_line sends the model the blueprint context, and scaffold and blueprint-check run as its tool calls', TIMEOUT, async () => {
    const create = bash(`node ${CLI} scaffold invoice_line`, 240_000);
    const check = bash(`node ${CLI} blueprint-check invoice_line`, 240_000);
    await withProjectCopy(EXAMPLE, (project) =>
      withFakeModel([[create], [check], [text('Done.')]], async (model) => {
        const run = await runClaude({ prompt: '/stk-blueprint invoice_line for the lines of an invoice', cwd: project, modelUrl: model.url, timeoutMs: 280_000 });
        const first = scripted(model, 0, run);
        expectInvoiceLineContext(await contextLines(first.body, SKILL_DIRECTORY));
        expect(skillExpansions(first.body)[0]!.text).toContain('# stk-blueprint: invoice_line for the lines of an invoice');

        const scaffolded = toolResult(scripted(model, 1, run).body, create.id);
        expect(scaffolded?.isError, scaffolded?.text).toBe(false);
        for (const step of ['files', 'migration', 'validate', 'lint', 'api-check', 'roundtrip', 'api-smoke']) expect(scaffolded!.text).toMatch(new RegExp(`^✓ ${step}: `, 'm'));
        // CI installs Chromium: where it exists, the page must have passed in it
        expect(scaffolded!.text).toMatch(findChromium().executable ? /^✓ page-check: \/invoice_lines\/: HTTP 200, 0 console errors, Vue app mounted, the new row listed/m : /^– page-check: not checked in a browser: no Chromium found/m);
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
        const added = await contextLines(scripted(model, 0, run).body, SKILL_DIRECTORY);
        expect(added).toMatch(/^### Name `x.*INJECTED.*`: cannot be used: /m);
        await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
      }),
      { without: ['.claude/skills'] },
    );
  });
});

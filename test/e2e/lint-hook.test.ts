// The lint half of the PostToolUse hook (hooks/hooks.json -> dist/hook.cjs), run by the real Claude Code
// client on the stk-shaped fixture: the model writes a view that forgets to await g.db_session.execute,
// and the very next request it receives carries the finding and its fix (see hook.test.ts for where a
// hook's output lands in a request).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_LINE, BROKEN_VIEW, brokenView, fixedView, shopFixture } from '../dev/fixtures.js';
import { runClaude, withProjectCopy } from './claude.js';
import { hookContexts, hookErrors, text, toolResult, toolUse, withFakeModel, type Step } from './fake-model.js';

const TIMEOUT = { timeout: 180_000 };
const HOOK_COMMAND = 'node "${CLAUDE_PLUGIN_ROOT}/dist/hook.cjs"';

describe('the stk-dev lint hook through the real client', () => {
  it('hands the model the un-awaited g.db_session.execute it just wrote, then nothing once fixed', TIMEOUT, async () => {
    await withProjectCopy(shopFixture, async (project) => {
      const file = path.join(project, BROKEN_VIEW);
      const writeBroken = toolUse('Write', { file_path: file, content: brokenView });
      const writeFixed = toolUse('Write', { file_path: file, content: fixedView });
      const script: Step[] = [[writeBroken], [writeFixed], [text('Added the count endpoint.')]];

      await withFakeModel(script, async (model) => {
        const run = await runClaude({ prompt: 'add an endpoint that counts things', cwd: project, modelUrl: model.url });
        const requests = model.scriptedRequests();
        expect(requests, `claude's result: ${JSON.stringify(run.result.result)}`).toHaveLength(3);

        // (a) right after the broken view: one blocking error, the finding at its line with the fix
        const afterBroken = requests[1]!.body;
        expect(toolResult(afterBroken, writeBroken.id)?.isError).toBe(false);
        const errors = hookErrors(afterBroken);
        expect(errors, 'one blocking error from the hook').toHaveLength(1);
        expect(errors[0]).toMatchObject({ event: 'PostToolUse', tool: 'Write', command: HOOK_COMMAND });
        const stderr = errors[0]!.stderr;
        expect(stderr).toContain(`${BROKEN_VIEW}:${BROKEN_LINE}:14 error missing-await`);
        expect(stderr).toContain('help: write `await g.db_session.execute(select(func.count()).select_from(Thing))`');
        expect(hookContexts(afterBroken)).toEqual([]);

        // (b) after the fix: the hook says nothing
        const afterFixed = requests[2]!.body;
        expect(toolResult(afterFixed, writeFixed.id)?.isError).toBe(false);
        expect(hookErrors(afterFixed)).toEqual([]);
        expect(hookContexts(afterFixed)).toEqual([]);

        expect(await readFile(file, 'utf8')).toBe(fixedView);
        expect(run.result.is_error).toBe(false);
      });
    });
  });
});

// The suite's token cost as Claude Code projects it: `claude plugin details` on the installed plugin.
// With count_tokens answered 404 by the fake model, claude 2.1.197 falls back to its own estimate from
// the text (a real count_tokens would count the same text); with the fake's usual 1-token answer every
// cost would read "< 20", so the test refuses such numbers.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCli, installPlugin, REPO_ROOT, withProjectCopy, withTempDir } from '../e2e/claude.js';
import { startFakeModel } from '../e2e/fake-model.js';

const TIMEOUT = { timeout: 180_000 };
const ALWAYS_ON_BUDGET = 250;
const ON_INVOKE_BUDGET = 1_200;

/** `~860`, `~1.2k`, `< 20` (read as its bound): tokens as `plugin details` prints them. */
function tokens(value: string): number {
  const match = /^(?:~|<\s*)?(\d+(?:\.\d+)?)(k?)(?:\s*tok)?$/.exec(value.trim());
  if (!match) throw new Error(`not a token count: '${value}'`);
  return Number(match[1]) * (match[2] ? 1000 : 1);
}

interface Costs {
  alwaysOn: number;
  components: Map<string, { alwaysOn: number; onInvoke: number }>;
}

function parseDetails(output: string): Costs {
  const alwaysOn = /^\s*Always-on:\s+(\S+(?: tok)?)/m.exec(output)?.[1];
  if (!alwaysOn) throw new Error(`no Always-on line in:\n${output}`);
  const table = output.split(/^\s*component\s+always-on\s+on-invoke\s*$/m)[1] ?? '';
  const components = new Map<string, { alwaysOn: number; onInvoke: number }>();
  for (const line of table.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (line.trim() === '') {
      if (components.size > 0) break;
      continue;
    }
    if (cells.length !== 3) break;
    components.set(cells[0]!, { alwaysOn: tokens(cells[1]!), onInvoke: tokens(cells[2]!) });
  }
  return { alwaysOn: tokens(alwaysOn), components };
}

const skills = readdirSync(path.join(REPO_ROOT, 'skills'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('token budget of the installed suite (claude plugin details)', () => {
  it(`costs at most ${ALWAYS_ON_BUDGET} tokens always on, and each skill at most ${ON_INVOKE_BUDGET} on invoke`, TIMEOUT, async () => {
    const model = await startFakeModel([], { countTokens: false });
    try {
      await withProjectCopy(REPO_ROOT, (marketplace) =>
        withTempDir('home', async (home) => {
          await installPlugin(marketplace, { home, modelUrl: model.url });
          const details = await claudeCli(['plugin', 'details', 'stk-skills@stk-skills'], { cwd: home, home, modelUrl: model.url });
          expect(details.exitCode, details.stdout + details.stderr).toBe(0);
          const costs = parseDetails(details.stdout);
          expect(costs.alwaysOn, details.stdout).toBeLessThanOrEqual(ALWAYS_ON_BUDGET);
          expect([...costs.components.keys()].sort(), 'a cost row per skill folder').toEqual([...skills].sort());
          for (const skill of skills) {
            const cost = costs.components.get(skill)!;
            expect(cost.onInvoke, `${skill}: an estimate, not the fake's 1-token answer`).toBeGreaterThan(20);
            expect(cost.onInvoke, `${skill} on invoke`).toBeLessThanOrEqual(ON_INVOKE_BUDGET);
          }
        }),
      );
    } finally {
      await model.close();
    }
  });
});

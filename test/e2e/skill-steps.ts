// What the skill end-to-end tests share: the scripted request the model got, the lines a skill's `!` line added,
// and a Bash tool call.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { localCommandErrors, type ClaudeRun } from './claude.js';
import { skillExpansions, toolUse, type FakeModel, type MessagesRequest, type RecordedRequest } from './fake-model.js';

/** The model's `index`-th scripted request, or an error naming what went wrong before it. */
export function scripted(model: FakeModel, index: number, run: ClaudeRun): RecordedRequest {
  const request = model.scriptedRequests()[index];
  if (!request) {
    const errors = localCommandErrors(run.transcript);
    throw new Error(`the model got ${model.scriptedRequests().length} request(s), expected ${index + 1}; errors of local commands: ${errors.join('\n') || 'none'}; result: ${run.result.result}`);
  }
  return request;
}

/** The lines the `!` line added to the one expanded skill (served from `skillDirectory`): what SKILL.md itself does not say. */
export async function contextLines(body: MessagesRequest, skillDirectory: string): Promise<string> {
  const [expansion, ...others] = skillExpansions(body);
  expect(others).toEqual([]);
  expect(expansion?.directory).toBe(skillDirectory);
  expect(expansion!.text, 'a !` line was left unexpanded').not.toContain('!`');
  const written = new Set((await readFile(path.join(skillDirectory, 'SKILL.md'), 'utf8')).split('\n'));
  return expansion!.text
    .split('\n')
    .filter((line) => !written.has(line))
    .join('\n');
}

/** A Bash tool call of the model (`timeoutMs`: the tool's own limit, for long commands). */
export function bash(command: string, timeoutMs?: number) {
  return toolUse('Bash', { command, description: command.split(' ').slice(2, 4).join(' '), ...(timeoutMs ? { timeout: timeoutMs } : {}) });
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a hook handler decides: the exit code, and what goes to stdout (JSON for Claude Code) and stderr. */
export interface HookOutcome {
  code: number;
  stdout?: string;
  stderr?: string;
}

export const nothing: HookOutcome = { code: 0 };

/** Text Claude reads with the tool's result, without blocking (exit 0, JSON on stdout). */
export function additionalContext(event: 'PostToolUse' | 'SessionStart', text: string): HookOutcome {
  return { code: 0, stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: event, additionalContext: text } })}\n` };
}

/** Errors Claude must fix before it goes on: exit code 2, the text on stderr. */
export function block(text: string): HookOutcome {
  return { code: 2, stderr: text };
}

/** True the first time it is asked for this key (a session and a project, say), false afterwards. */
export function firstTimeFor(...key: string[]): boolean {
  const dir = join(tmpdir(), 'stk-migrate-hook');
  const marker = join(dir, createHash('sha1').update(key.join('\0')).digest('hex'));
  if (existsSync(marker)) return false;
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, '');
  return true;
}

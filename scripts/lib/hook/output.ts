import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderFindingsText } from '../findings/render.js';
import type { FindingsReport } from '../findings/schema.js';

/** What a hook handler decides: the exit code, and what goes to stdout (JSON for Claude Code) and stderr. */
export interface HookOutcome {
  code: number;
  stdout?: string;
  stderr?: string;
  /** The additional context carried in `stdout`, kept as text so that two handlers' outcomes can be combined. */
  context?: string;
}

export const nothing: HookOutcome = { code: 0 };

/** Text Claude reads with the tool's result, without blocking (exit 0, JSON on stdout). */
export function additionalContext(event: 'PostToolUse' | 'SessionStart', text: string): HookOutcome {
  return { code: 0, stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: event, additionalContext: text } })}\n`, context: text };
}

/**
 * Two handlers on one file (a model file is linted and may get the migration reminder): a block wins and
 * carries the other's context on stderr too, since Claude Code reads only stderr from a blocking hook.
 */
export function combineOutcomes(first: HookOutcome, second: HookOutcome): HookOutcome {
  if (first.code === 0 && !first.stdout && !first.stderr) return second;
  if (second.code === 0 && !second.stdout && !second.stderr) return first;
  const blocking = [first, second].filter((outcome) => outcome.code === 2);
  const contexts = [first, second].flatMap((outcome) => (outcome.code !== 2 && outcome.context ? [outcome.context] : []));
  if (blocking.length > 0) return block([...blocking.map((outcome) => outcome.stderr ?? ''), ...contexts.map((text) => `${text}\n`)].join('\n'));
  return additionalContext('PostToolUse', contexts.join('\n\n'));
}

/**
 * The findings of a check on the file Claude just wrote: errors block, warnings and notes come back as
 * context, a clean file prints nothing. `command` names the check (`stk-migrate validate`).
 */
export function findingsOutcome(command: string, relative: string, report: FindingsReport): HookOutcome {
  if (report.findings.length === 0) return nothing;
  const text = `${command} ${relative}:\n${renderFindingsText(report, false)}`;
  if (report.summary.errors > 0) return block(`${text}Fix the errors above in ${relative}; the file is checked again when you save it.\n`);
  const advice =
    report.summary.warnings > 0
      ? 'Fix the warnings unless there is a reason not to, and tell the user which you keep and why.'
      : 'These are notes on what could not be verified or was accepted; nothing has to change.';
  return additionalContext('PostToolUse', `${text}${advice}`);
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
  forgetOldMarkers(dir);
  return true;
}

/** How long a marker is kept: a session a week old is over (markers of every session would otherwise pile up). */
const markerDays = 7;

/** Removes markers older than `markerDays`; runs only when a marker is made (once per session and key), never failing the hook. */
function forgetOldMarkers(dir: string): void {
  const before = Date.now() - markerDays * 24 * 3600 * 1000;
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < before) rmSync(path, { force: true });
    }
  } catch {
    // another hook removing the same marker, or a folder we may not list: they are only reminders
  }
}

import { UnreadableError, writeOutput } from '../cli/errors.js';
import { eventLimitBytes, type EventInput, type HookEvent } from './event.js';
import { additionalContext, block, nothing, type HookOutcome } from './output.js';

/** A one-line note Claude reads with the tool's result, without blocking: the check did not happen, and why. */
export function note(text: string): HookOutcome {
  return { ...additionalContext('PostToolUse', `stk-migrate: ${text}`), stderr: `stk-migrate hook: ${text}\n` };
}

function reason(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'the check ran out of stack (nesting too deep to follow)';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/**
 * Runs one handler's check of the file Claude just wrote, with the guarantees every handler gets: the
 * file itself unreadable blocks with its path; another file it needs unreadable is a one-line note, not a
 * block; any other failure (ours, a stack overflow) is said, never passed as clean: it blocks when
 * `onFailure` is `block` (a migration that could not be checked must not look checked), else it is a note.
 */
export async function guardCheck(file: string, relative: string, onFailure: 'block' | 'note', check: () => Promise<HookOutcome>): Promise<HookOutcome> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof UnreadableError) {
      if (error.path === file) return block(`stk-migrate hook: ${error.message.replace(file, relative)}; the file was not checked.\n`);
      return note(`could not check ${relative}: ${error.message}. Make it readable, then run \`stk-migrate validate ${relative}\`.`);
    }
    const text = `could not check ${relative}: ${reason(error)}. This is a failure of the check, not a finding in the file: run \`stk-migrate validate ${relative}\` to see it; if it fails the same way, tell the user.`;
    return onFailure === 'block' ? block(`stk-migrate hook: ${text}\n`) : note(text);
  }
}

/**
 * What the hook answers to one event (the stdin it read): an event past the size limit, or a failure
 * before any handler took the file, is a one-line note (a hook that cannot check says so, and Claude's
 * turn goes on); input that is not a tool event (bad JSON) gets nothing.
 */
export async function hookOutcome(handle: (event: HookEvent) => Promise<HookOutcome>, input: EventInput): Promise<HookOutcome> {
  let file: unknown;
  try {
    if (input.truncated) {
      return note(`the file just written was not checked: the hook event is larger than ${eventLimitBytes / 1024 / 1024} MB (or did not arrive within 5 s); run \`stk-migrate validate\` if it was a migration.`);
    }
    let event: HookEvent;
    try {
      event = JSON.parse(input.text) as HookEvent;
    } catch {
      return nothing;
    }
    if (!event || typeof event !== 'object') return nothing;
    file = event.tool_input?.file_path;
    return await handle(event);
  } catch (error) {
    return note(`could not check ${typeof file === 'string' ? file : 'the file just written'}: ${reason(error)}`);
  }
}

/** The hook process, given the event it read from stdin: answers it, prints the outcome and sets the exit code. */
export async function runHook(handle: (event: HookEvent) => Promise<HookOutcome>, input: EventInput): Promise<void> {
  const outcome = await hookOutcome(handle, input);
  if (outcome.stdout) writeOutput(1, outcome.stdout);
  if (outcome.stderr) writeOutput(2, outcome.stderr);
  process.exitCode = outcome.code;
}


import type { EventInput } from './event.js';
import { handleEvent } from './handlers.js';
import { runHook } from './run.js';

/** The hook's program (dist/hook-main.mjs), which scripts/hook.ts (dist/hook.cjs) loads when no kept run answers the event. */
export function answerHookEvent(input: EventInput): Promise<void> {
  return runHook(handleEvent, input);
}

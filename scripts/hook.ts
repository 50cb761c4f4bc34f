import { isEntry } from './lib/cli/command.js';
import { writeOutput } from './lib/cli/errors.js';
import { eventKey, readStdin } from './lib/hook/event.js';
import { answerOrRecord, runKey } from './lib/cache/kept-runs.js';

/**
 * Claude Code's hook for the suite: reads the event, and answers it as a kept run did when one with the
 * same event saw the same files (lib/cache/kept-runs.ts); otherwise the program (lib/hook/main.ts, loaded
 * only then) answers it with the handlers (lib/hook/handlers.ts: a migration is validated, app code and
 * templates are linted, a model file gets a reminder, a session start a shadowing warning), and their
 * answer is kept when it depended on files alone.
 */
async function main(): Promise<void> {
  const input = await readStdin();
  const event = eventKey(input);
  const key = event === undefined ? undefined : runKey('hook', process.cwd(), event.key);
  const kept = key === undefined ? undefined : answerOrRecord(key, event?.file === undefined ? [] : [event.file]);
  if (kept !== undefined) process.exitCode = kept;
  else await (await import('./lib/hook/main.js')).answerHookEvent(input);
}

// run as `node dist/hook.cjs` (or tsx scripts/hook.ts); the handlers are in lib/hook/handlers.ts. The
// program guards every check (lib/hook/run.ts); what fails before it (a bundle missing) is said, without blocking.
if (isEntry('hook')) {
  main().catch((error: unknown) => {
    writeOutput(2, `stk-migrate hook: could not start (${(error instanceof Error ? error.message : String(error)).split('\n')[0]}); reinstall the plugin (or run npm run build)\n`);
    process.exitCode = 1;
  });
}

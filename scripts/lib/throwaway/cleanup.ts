import { requestedFormat } from '../cli/command.js';
import { writeOutput } from '../cli/errors.js';

type Task = { label: string; run: () => Promise<void> | void };

export interface CleanupScope {
  /**
   * Registers what must happen however the command ends; returns a function that forgets it once done.
   * Throws once the scope is closing, so nothing new is created while the rest is being removed.
   */
  add(label: string, run: () => Promise<void> | void): () => void;
  /** Runs every task once, newest first (the helper stops before its database is dropped); returns what failed. */
  close(): Promise<string[]>;
}

export function cleanupScope(): CleanupScope {
  const tasks: Task[] = [];
  let closing: Promise<string[]> | undefined;
  return {
    add(label, run) {
      if (closing) throw new Error(`stopping: not starting '${label}'`);
      const task = { label, run };
      tasks.push(task);
      return () => {
        const at = tasks.indexOf(task);
        if (at >= 0) tasks.splice(at, 1);
      };
    },
    close() {
      closing ??= (async () => {
        const failures: string[] = [];
        for (let task = tasks.pop(); task; task = tasks.pop()) {
          try {
            await task.run();
          } catch (error) {
            failures.push(`${task.label}: ${(error as Error).message.split('\n')[0]}`);
          }
        }
        return failures;
      })();
      return closing;
    },
  };
}

/** One line naming the throwaways of killed runs that this run removed. */
export function reportOrphansRemoved(command: string, removed: string[]): void {
  if (removed.length === 0) return;
  const what = removed.length === 1 ? 'a throwaway database' : `${removed.length} throwaway databases`;
  writeOutput(2, `stk-migrate ${command}: removed ${what} left by ${removed.length === 1 ? 'a run that was' : 'runs that were'} killed: ${removed.join(', ')}\n`);
}

/** Prints what cleanup could not do: the one case where something is left behind, said plainly. */
export function reportCleanupFailures(command: string, failures: string[]): void {
  for (const failure of failures) writeOutput(2, `stk-migrate ${command}: could not clean up: ${failure}\n`);
}

const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * On SIGINT or SIGTERM: close the scope (stop the helper, drop or delete the throwaway database), then
 * exit 130 or 143. Returns a function that removes the handlers.
 */
export function cleanUpOnSignals(command: string, scope: CleanupScope): () => void {
  let stopping = false;
  const handler = (signal: keyof typeof exitCodes) => {
    if (stopping) return;
    stopping = true;
    writeOutput(2, `stk-migrate ${command}: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; removing the throwaway database\n`);
    const hardStop = setTimeout(() => process.exit(exitCodes[signal]), 30_000);
    void scope.close().then((failures) => {
      reportCleanupFailures(command, failures);
      // a tool reading --format json output still gets one JSON document
      if (requestedFormat(process.argv.slice(2)) === 'json') {
        writeOutput(1, `${JSON.stringify({ error: { code: signal === 'SIGINT' ? 'interrupted' : 'terminated', message: `${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; the throwaway database was removed` } }, null, 2)}\n`);
      }
      clearTimeout(hardStop);
      process.exit(exitCodes[signal]);
    });
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}

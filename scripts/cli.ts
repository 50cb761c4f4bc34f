#!/usr/bin/env node
import { resolve } from 'node:path';
import { isEntry, runMain } from './lib/cli/command.js';
import { isTerminal } from './lib/cli/errors.js';
import { answerOrRecord, runKey } from './lib/cache/kept-runs.js';

/**
 * Commands whose answer depends on the files they read alone (when the run neither writes nor starts a
 * process): the same command in the same folder, with every file it read unchanged, prints what it
 * printed before (lib/cache/kept-runs.ts).
 */
const keptCommands = new Set(['context', 'validate', 'lint']);

/**
 * `stk-migrate <command>`: a kept run's answer when one holds, otherwise the command itself (the program,
 * lib/cli/commands.ts, loads only then: this file is all a kept answer costs).
 */
async function main(argv: string[]): Promise<number> {
  const key = keptCommands.has(argv[0] ?? '') ? runKey('cli', process.cwd(), JSON.stringify(argv), String(isTerminal(1)), String(isTerminal(2))) : undefined;
  // the arguments that are not options may name files (and those that do not name none: a missing file is settled)
  const kept = key === undefined ? undefined : answerOrRecord(key, argv.slice(1).filter((argument) => !argument.startsWith('-')).map((argument) => resolve(argument)));
  if (kept !== undefined) return kept;
  // the program reports its own failures: its error classes are its own copies, not this bundle's
  await (await import('./lib/cli/commands.js')).runCli(argv);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

// run as `node dist/cli.cjs` (or tsx scripts/cli.ts); a failure before the program runs (a bundle missing) is one line, exit 2
if (isEntry('cli')) void runMain('', () => main(process.argv.slice(2)));

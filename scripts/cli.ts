#!/usr/bin/env node
import { runMain, UsageError } from './lib/cli/command.js';

interface CommandModule {
  spec: { name: string; summary: string };
  run(argv: string[]): Promise<number>;
}

/** Subcommands load lazily, so `context` and the hook pay only for what they use. */
const commands: Record<string, () => Promise<CommandModule>> = {
  context: () => import('./context.js'),
  validate: () => import('./validate.js'),
  new: () => import('./new.js'),
  check: () => import('./check.js'),
  roundtrip: () => import('./roundtrip.js'),
  drift: () => import('./drift.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = ['Usage: stk-migrate <command> [options]', '', 'Commands:'];
    for (const [command, load] of Object.entries(commands)) lines.push(`  ${command.padEnd(10)} ${(await load()).spec.summary.split('. ')[0]}.`);
    lines.push('', 'Run `stk-migrate <command> --help` for the options of one command.', '');
    process.stdout.write(lines.join('\n'));
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write('stk-migrate 0.1.0\n');
    return 0;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(commands).join(', ')} (see stk-migrate --help)`);
  return (await load()).run(rest);
}

void runMain('', () => main(process.argv.slice(2)));

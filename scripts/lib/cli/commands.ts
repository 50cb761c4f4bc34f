import { runMain, UsageError } from './command.js';
import { groupTitles, type CommandGroup } from '../suite/skills.js';
import { writeOutput } from './errors.js';

interface CommandModule {
  spec: { name: string; summary: string };
  run(argv: string[]): Promise<number>;
}

interface CommandEntry {
  group: CommandGroup;
  load: () => Promise<CommandModule>;
}

/** Every command of the suite, by skill. They load lazily, so `context` and the hook pay only for what they use. */
const commands: Record<string, CommandEntry> = {
  context: { group: 'stk-migrate', load: () => import('../../context.js') },
  validate: { group: 'stk-migrate', load: () => import('../../validate.js') },
  new: { group: 'stk-migrate', load: () => import('../../new.js') },
  roundtrip: { group: 'stk-migrate', load: () => import('../../roundtrip.js') },
  drift: { group: 'stk-migrate', load: () => import('../../drift.js') },
  routes: { group: 'stk-api', load: () => import('../../routes.js') },
  'api-context': { group: 'stk-api', load: () => import('../../api-context.js') },
  'api-new': { group: 'stk-api', load: () => import('../../api-new.js') },
  'api-check': { group: 'stk-api', load: () => import('../../api-check.js') },
  'api-smoke': { group: 'stk-api', load: () => import('../../api-smoke.js') },
  'blueprint-context': { group: 'stk-blueprint', load: () => import('../../blueprint-context.js') },
  scaffold: { group: 'stk-blueprint', load: () => import('../../scaffold.js') },
  'blueprint-check': { group: 'stk-blueprint', load: () => import('../../blueprint-check.js') },
  'page-check': { group: 'stk-blueprint', load: () => import('../../page-check.js') },
  lint: { group: 'stk-dev', load: () => import('../../lint.js') },
  check: { group: 'suite', load: () => import('../../check.js') },
  install: { group: 'suite', load: () => import('../../install.js') },
};

async function help(): Promise<string> {
  const lines = ['Usage: stk-migrate <command> [options]', ''];
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  for (const [group, title] of Object.entries(groupTitles) as [CommandGroup, string][]) {
    const names = Object.keys(commands).filter((name) => commands[name]!.group === group);
    if (names.length === 0) continue;
    lines.push(`${title}:`);
    for (const name of names) lines.push(`  ${name.padEnd(width)}  ${(await commands[name]!.load()).spec.summary.split('. ')[0]}.`);
    lines.push('');
  }
  lines.push('Run `stk-migrate <command> --help` for the options of one command.', '');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeOutput(1, await help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    writeOutput(1, 'stk-migrate 0.1.0\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(commands).join(', ')} (see stk-migrate --help)`);
  return (await entry.load()).run(rest);
}

/** The CLI's program (dist/cli-main.mjs), which scripts/cli.ts (dist/cli.cjs) loads when no kept run answers: runs the command `argv` names. */
export function runCli(argv: string[]): Promise<void> {
  return runMain('', () => main(argv));
}

import { commandRunner, isEntry, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { install, renderInstall } from './lib/suite/install.js';
import { writeOutput } from './lib/cli/errors.js';

const options = {
  vendor: { type: 'boolean', default: false },
  marketplace: { type: 'string' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const spec = {
  name: 'install',
  summary:
    "Install the stk skills into a project so they win over its old vendored copies. Plugin mode (default) removes the old copies in .claude/skills/ and declares the stk-skills marketplace and plugin in .claude/settings.json; --vendor writes the skills there instead, with one shared runtime and the hooks. All or nothing; prints every file it changes.",
  usage: 'stk-migrate install [--vendor] [--marketplace <source>] [--dry-run] [--force] [--project <dir>] [--format text|json]',
  optionHelp: [
    '  --vendor            write the skills into .claude/skills/ and their runtime into .claude/stk-skills/ (committed, node alone)',
    '  --marketplace <src> where teammates fetch the plugin: a git URL (#ref optional), owner/repo, an https URL of a',
    '                      marketplace.json, or a folder (kept relative to the project). Default: the one the project',
    "                      declares, else the one your Claude Code installed stk-skills from, else this checkout's origin",
    '  --dry-run           print what would change, change nothing',
    '  --force             replace files of an earlier vendored install even if they were edited since',
  ],
  options,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  const result = await install({
    project: values.project,
    config: values.config,
    mode: values.vendor ? 'vendor' : 'plugin',
    marketplace: values.marketplace,
    force: values.force,
    dryRun: values['dry-run'],
  });
  writeOutput(1, format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderInstall(result));
  return 0;
});

if (isEntry('install')) void runMain(spec.name, () => run(process.argv.slice(2)));

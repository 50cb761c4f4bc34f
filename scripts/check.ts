import { commandRunner, isEntry, timeoutOption, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { planChecks } from './lib/checks/plan.js';
import { renderChecksText } from './lib/checks/render.js';
import { runChecks } from './lib/checks/run.js';
import { discoverProject } from './lib/discover/project.js';
import { writeOutput } from './lib/cli/errors.js';

const options = { timeout: { type: 'string' } } as const;

export const spec = {
  name: 'check',
  summary:
    "Run the project's own checks and summarize them: checks.py through the runner, stk verify when the stk CLI has it, and ruff check and ruff format --check on the newest migration (or the given files) when ruff is installed. A missing tool is one line, not a failure; exit 1 when a check fails.",
  usage: 'stk-migrate check [files...] [--timeout <seconds>] [--project <dir>] [--format text|json]',
  optionHelp: ['  [files...]          the files ruff looks at (default: the head revisions\' files)', '  --timeout <seconds> stop each check after this long (default 120)'],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  const timeout = timeoutOption(values.timeout, 120, spec.name);
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const report = await runChecks(project, await planChecks(project, positionals, process.cwd()), timeout);
  writeOutput(1, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderChecksText(report));
  return report.summary.failed > 0 ? 1 : 0;
});

if (isEntry('check')) void runMain(spec.name, () => run(process.argv.slice(2)));

import { existsSync } from 'node:fs';
import { commandRunner, isEntry, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { followsStkConventions } from './lib/dev/files.js';
import { lintProject } from './lib/dev/lint.js';
import { discoverProject } from './lib/discover/project.js';
import { checkedLine, formatReport } from './lib/findings/output.js';
import { summarize } from './lib/findings/summary.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {
  all: { type: 'boolean', default: false },
} as const;

export const spec = {
  name: 'lint',
  summary:
    "Check app code against stk's conventions: Quart not Flask, async handlers, awaited session and request calls, async-safe relationships, no blocking calls; in templates, the Vue Options API, ${ } delimiters, layoutMixin, registerStkComponents and Tabler icons. Exit 0 without errors, 1 with errors, 2 for usage or internal failure.",
  usage: 'stk-migrate lint [files...] [--all] [--format text|json|sarif] [--project <dir>]',
  optionHelp: [
    '  files               Python modules and templates to check (default: the app files changed or added since git HEAD);\n                      without --project or --config, their project is the first file\'s (a monorepo\'s service)',
    '  --all               check every Python module of the app package and every template under its templates/',
    '  (--format also takes sarif: SARIF 2.1.0 for GitHub code scanning)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json', 'sarif'] as const, spec.name);
  // lint runs no migration: any Alembic environment will do, and the files' own project is theirs (a monorepo)
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name, forFile: positionals.find((file) => existsSync(file)), anyEnvironment: true });
  const result = await lintProject(project, { files: positionals, all: values.all });
  const report = summarize(result.findings);
  // asked directly, lint runs anywhere; on a Flask app (which the hook leaves alone) the text says what its findings mean there
  const header = followsStkConventions(project)
    ? checkedLine(result.targets, result.selection)
    : `${checkedLine(result.targets, result.selection)}\nnote: this is a Flask project (it has a \`flask db\` group): these are stk's conventions (Quart, not Flask), so many findings will not apply to it`;
  writeOutput(1, await formatReport(format, report, async () => (await import('./lib/dev/rules/catalogue.js')).rules, header, isTerminal(1)));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('lint')) void runMain(spec.name, () => run(process.argv.slice(2)));

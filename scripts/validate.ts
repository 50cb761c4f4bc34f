import { existsSync } from 'node:fs';
import { commandRunner, isEntry, requireFormat, runMain, UsageError, type CommandSpec } from './lib/cli/command.js';
import { missingScriptLocation, relativePath } from './lib/discover/files.js';
import { discoverProject } from './lib/discover/project.js';
import { summarize } from './lib/findings/summary.js';
import { checkedLine, formatReport } from './lib/findings/output.js';
import { validateMigrations } from './lib/migrate/validate.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {
  all: { type: 'boolean', default: false },
  squawk: { type: 'boolean' },
  'no-squawk': { type: 'boolean', default: false },
} as const;

export const spec = {
  name: 'validate',
  summary:
    'Review migrations statically: history, reversibility, SQLite batch mode, data safety, agreement with the models and hygiene, plus squawk lock checks on PostgreSQL. Exit 0 without errors, 1 with errors, 2 for usage or internal failure.',
  usage: 'stk-migrate validate [files...] [--all] [--format text|json|sarif] [--no-squawk] [--project <dir>]',
  optionHelp: [
    '  files               migration files to check (default: those changed or added since git HEAD, else the head revision);\n                      without --project or --config, their project is the first file\'s (a monorepo\'s service)',
    '  --all               check every migration',
    '  --squawk            render each migration to SQL and run squawk even when the project does not target PostgreSQL',
    '  --no-squawk         skip squawk on PostgreSQL projects',
    '  (--format also takes sarif: SARIF 2.1.0 for GitHub code scanning)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json', 'sarif'] as const, spec.name);
  // the files' own project (found from the first of them), unless --project or --config names one
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name, forFile: positionals.find((file) => existsSync(file)) });
  // Alembic stops at once without its scripts folder: nothing checked here would be what Alembic does
  const missing = missingScriptLocation(project);
  if (missing) throw new UsageError(`${missing} (${project.alembicIni ? relativePath(project.root, project.alembicIni) : 'the configuration'}): fix the path, or create it with alembic init`, 'unreadable');
  const result = await validateMigrations(project, {
    files: positionals,
    all: values.all,
    squawk: values['no-squawk'] ? false : values.squawk,
  });
  const report = summarize(result.findings);
  writeOutput(1, await formatReport(format, report, async () => (await import('./lib/migrate/rules/index.js')).rules, checkedLine(result.targets, result.selection), isTerminal(1)));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('validate')) void runMain(spec.name, () => run(process.argv.slice(2)));

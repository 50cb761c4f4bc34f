import { commandRunner, isEntry, timeoutOption, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { assertHistoryLoads } from './lib/migrate/load.js';
import { renderDriftText } from './lib/migrate/drift/render.js';
import { runDrift } from './lib/migrate/drift/run.js';
import { withThrowawaySession } from './lib/throwaway/session.js';
import { writeOutput } from './lib/cli/errors.js';

const options = {
  'database-url': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const spec = {
  name: 'drift',
  summary:
    "Whether the models match the migrations: a throwaway database migrated to head, compared with env.py's target_metadata by Alembic's autogenerate. Exit 1 lists each difference (add_table: x, add_column: t.c, modify_type: ...).",
  usage: 'stk-migrate drift [--database-url <url>] [--timeout <s>] [--format text|json]',
  optionHelp: [
    '  --database-url <url> the database whose server (or, for SQLite, dialect) hosts the throwaway one',
    '  --timeout <s>        give up after this many seconds, removing everything (default 600)',
  ],
  options,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  const timeoutSeconds = timeoutOption(values.timeout, 600, spec.name) / 1000;
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name, databaseUrl: values['database-url'] });
  await assertHistoryLoads(project);
  const report = await withThrowawaySession(project, { command: spec.name, withData: false, timeoutSeconds }, runDrift);
  writeOutput(1, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDriftText(report));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('drift')) void runMain(spec.name, () => run(process.argv.slice(2)));

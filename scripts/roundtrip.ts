import { commandRunner, isEntry, timeoutOption, requireFormat, runMain, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { assertHistoryLoads } from './lib/migrate/load.js';
import { renderRoundtripText } from './lib/migrate/roundtrip/render.js';
import { runRoundtrip } from './lib/migrate/roundtrip/run.js';
import { withThrowawaySession } from './lib/throwaway/session.js';
import { writeOutput } from './lib/cli/errors.js';

const options = {
  all: { type: 'boolean', default: false },
  'with-data': { type: 'boolean', default: false },
  'database-url': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const spec = {
  name: 'roundtrip',
  summary:
    'Upgrade, downgrade and upgrade again on a throwaway database with sample rows, comparing the schema and the data at every step. The developer\'s database is only ever read (--with-data copies it).',
  usage: 'stk-migrate roundtrip [revision] [--all] [--with-data] [--database-url <url>] [--timeout <s>] [--format text|json]',
  optionHelp: [
    '  [revision]           the revision to check (an id or a unique prefix; default: the head)',
    '  --all                check every revision, from base to head',
    '  --with-data          start from a copy of your database (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE)',
    "  --database-url <url> the database whose server hosts the throwaway one (and, with --with-data, the one copied)",
    '  --timeout <s>        give up after this many seconds, removing everything (default 600)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  if (positionals.length > 1) throw new UsageError(`one revision at most, not ${positionals.length} (see stk-migrate roundtrip --help)`);
  const revision = positionals[0];
  if (revision && values.all) throw new UsageError('--all checks every revision; leave out the revision, or --all');
  if (values.all && values['with-data']) {
    throw new UsageError('--with-data runs one revision on a copy of your data, --all walks every revision from an empty database: use one or the other');
  }
  const timeoutSeconds = timeoutOption(values.timeout, 600, spec.name) / 1000;
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name, databaseUrl: values['database-url'] });
  await assertHistoryLoads(project);
  const report = await withThrowawaySession(project, { command: spec.name, withData: values['with-data'], timeoutSeconds }, (session) =>
    runRoundtrip(session, { revision, all: values.all, withData: values['with-data'], sampleRows: 3 }),
  );
  writeOutput(1, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderRoundtripText(report));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('roundtrip')) void runMain(spec.name, () => run(process.argv.slice(2)));

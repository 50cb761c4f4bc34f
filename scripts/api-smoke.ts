import { findModel, unknownModel } from './lib/api/context.js';
import { loadApiProject } from './lib/api/project.js';
import { renderSmokeText } from './lib/api/smoke/render.js';
import { runSmoke } from './lib/api/smoke/run.js';
import { commandRunner, isEntry, requireFormat, runMain, timeoutOption, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {
  blueprint: { type: 'string' },
  'database-url': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const spec = {
  name: 'api-smoke',
  summary:
    "Prove a model's endpoints work: boot the project's app with its own Python against a throwaway database upgraded to head, sign in as a throwaway admin, and drive create, list, search, paging, update, delete and a missing row through Quart's test client, checking statuses, response shapes, the rows in the database, one activity row per mutation, and that the same requests without a session are refused. Never touches your database.",
  usage: 'stk-migrate api-smoke <Model> [--blueprint <name>] [--database-url <url>] [--timeout <s>] [--format text|json]',
  optionHelp: [
    '  <Model>              the model class whose endpoints to drive',
    '  --blueprint <name>   the blueprint that serves them (default: the one beside the model)',
    "  --database-url <url> the database whose server hosts the throwaway one (PostgreSQL); default: the project's",
    '  --timeout <s>        give up after this many seconds, removing everything (default 180)',
    '  (exit 0 when every step passed, 1 with a failed step, 2 for a usage problem (a model with no endpoint included), a timeout or an internal failure)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  if (positionals.length !== 1) throw new UsageError('name one model, e.g. stk-migrate api-smoke Post (see stk-migrate api-smoke --help)');
  const timeoutSeconds = timeoutOption(values.timeout, 180, spec.name) / 1000;
  const project = await discoverProject({ project: values.project, databaseUrl: values['database-url'] });
  const api = await loadApiProject(project);
  const model = findModel(api, positionals[0]!);
  if (!model) throw new UsageError(unknownModel(api, positionals[0]!));
  const report = await runSmoke(api, model, { blueprint: values.blueprint, timeoutSeconds });
  writeOutput(1, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderSmokeText(report, isTerminal(1)));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('api-smoke')) void runMain(spec.name, () => run(process.argv.slice(2)));

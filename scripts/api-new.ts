import { createTwoFilesPatch } from 'diff';
import { planApiNew, type ApiNewReport } from './lib/api/draft/plan.js';
import { loadApiProject } from './lib/api/project.js';
import { commandRunner, isEntry, requireFormat, runMain, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { writeAllOrNothing, ConcurrentEdit, leftoverNote } from './lib/edit/atomic.js';
import { writeOutput } from './lib/cli/errors.js';

const options = {
  blueprint: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const spec = {
  name: 'api-new',
  summary:
    "Write stk's conventional CRUD endpoints for a model (list with paging and search, create, update, delete, and the page route when missing) into its blueprint's views file, with the imports merged into the existing statements, and add to_dict/from_dict to the model when it lacks them. Refuses, changing nothing, when any of those routes exists. All files or none.",
  usage: 'stk-migrate api-new <Model> [--blueprint <name>] [--dry-run] [--format text|json] [--project <dir>]',
  optionHelp: [
    '  <Model>             the model class, e.g. Post',
    '  --blueprint <name>  the blueprint (name or variable) to add the routes to (default: the one beside the model)',
    '  --dry-run           print the changes as a diff and write nothing',
    '  (exit 0 when written or previewed, 1 when refused because a route exists, 2 for a usage problem)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

function renderText(report: ApiNewReport, diff: string): string {
  if (report.status === 'refused') return `api-new ${report.model}: refused: ${report.refused}\n`;
  const width = (pick: (route: ApiNewReport['routes'][number]) => string) => Math.max(...report.routes.map((route) => pick(route).length));
  const [methods, paths, handlers] = [width((route) => route.method), width((route) => route.path), width((route) => `${route.handler}()`)];
  const lines = [
    `api-new ${report.model}: ${report.status === 'written' ? 'wrote' : 'would write'} ${report.files.join(' and ')} (blueprint ${report.blueprint})`,
    ...report.routes.map((route) => `  ${route.method.padEnd(methods)}  ${route.path.padEnd(paths)}  ${`${route.handler}()`.padEnd(handlers)}  ${route.file}:${route.line}`),
  ];
  if (report.modelMethods.length > 0) lines.push(`  ${report.model}.${report.modelMethods.join(`() and ${report.model}.`)}() added to the model`);
  lines.push(...report.notes.map((note) => `  ⚠ ${note}`));
  if (report.status === 'written') lines.push(`next: adapt the draft to the model, then stk-migrate api-check and stk-migrate api-smoke ${report.model}`);
  return `${diff}${lines.join('\n')}\n`;
}

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  if (positionals.length !== 1) throw new UsageError(`name one model, e.g. stk-migrate api-new Post (see stk-migrate api-new --help)`);
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const api = await loadApiProject(project);
  const plan = await planApiNew(api, positionals[0]!, { blueprint: values.blueprint });
  if (plan.report.status !== 'refused' && !values['dry-run']) {
    try {
      const { leftover } = writeAllOrNothing(plan.changes);
      if (leftover) writeOutput(2, `stk-migrate api-new: ${leftoverNote(leftover, project.root)}\n`);
    } catch (error) {
      if (error instanceof ConcurrentEdit) throw new UsageError(error.message);
      throw error;
    }
    plan.report.status = 'written';
  }
  const diff = values['dry-run'] ? plan.previews.map((preview) => createTwoFilesPatch(`a/${preview.file}`, `b/${preview.file}`, preview.before, preview.after, '', '', { context: 3 })).join('') : '';
  writeOutput(1, format === 'json' ? `${JSON.stringify({ ...plan.report, ...(values['dry-run'] ? { diff } : {}) }, null, 2)}\n` : renderText(plan.report, diff));
  return plan.report.status === 'refused' ? 1 : 0;
});

if (isEntry('api-new')) void runMain(spec.name, () => run(process.argv.slice(2)));

import { loadApp } from './lib/app/load.js';
import { renderRoutesText } from './lib/app/render.js';
import { commandRunner, isEntry, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { writeOutput } from './lib/cli/errors.js';

const options = {} as const;

export const spec = {
  name: 'routes',
  summary:
    'Every blueprint (variable, name, file, url_prefix, where the app registers it, blueprint-level auth) and every route (methods, full path, handler, file:line, async or not, and its auth). Read from the source in milliseconds, without booting the app.',
  usage: 'stk-migrate routes [--format text|json] [--project <dir>]',
  optionHelp: ['  (--format json: {blueprints, routes, hooks, problems}, the AppModel type in scripts/lib/app/model.ts)'],
  options,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const model = await loadApp(project);
  writeOutput(1, format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : renderRoutesText(model));
  return 0;
});

if (isEntry('routes')) void runMain(spec.name, () => run(process.argv.slice(2)));

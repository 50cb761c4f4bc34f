import { buildBlueprintContext, renderBlueprintContextMarkdown } from './lib/blueprint/context.js';
import { loadBlueprintProject } from './lib/blueprint/project.js';
import { commandRunner, contextCommand, isEntry, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { shadowNotice } from './lib/suite/shadow.js';
import { writeOutput } from './lib/cli/errors.js';

const options = {} as const;

export const spec = {
  name: 'blueprint-context',
  summary:
    "What a new feature module needs to know: the app's blueprints and URL prefixes, whether the name is valid and free (module folder, blueprint, model, table, template, routes), the reserved names (the project scaffolder's list, else ours), stk's scaffolder and its flags, where blueprints are registered and where the sidebar lives. Never fails the skill load: on any error it prints one line and exits 0 (under --format json, a JSON error document and exit 2).",
  usage: 'stk-migrate blueprint-context [name] [--format markdown|json] [--project <dir>]',
  optionHelp: ['  [name]              the module to create, lowercase snake_case (e.g. invoice_line); without it, the app alone', '  (--format text is the same as markdown)'],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

const contextRunner = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'markdown', 'json'] as const, spec.name);
  // The skill passes the first word of its arguments ('$0'); a client too old to substitute it passes it as written.
  const first = positionals.join(' ').trim().split(/\s+/)[0] ?? '';
  const name = first === '' || first === '$0' ? undefined : first;
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const [notice, bp] = await Promise.all([shadowNotice(project.root), (async () => loadBlueprintProject(project))()]);
  const context = buildBlueprintContext(bp, name);
  if (format === 'json') writeOutput(1, `${JSON.stringify(context, null, 2)}\n`);
  else writeOutput(1, `${notice ? `${notice}\n\n` : ''}${renderBlueprintContextMarkdown(context)}`);
  return 0;
});

export const run = contextCommand(spec.name, contextRunner);

if (isEntry('blueprint-context')) void runMain(spec.name, () => run(process.argv.slice(2)));

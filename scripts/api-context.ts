import { buildApiContext, findModel, unknownModel } from './lib/api/context.js';
import { renderApiContextMarkdown } from './lib/api/markdown.js';
import { loadApiProject, type ApiProject } from './lib/api/project.js';
import { commandRunner, contextCommand, isEntry, requireFormat, runMain, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { writeOutput } from './lib/cli/errors.js';

const options = { blueprint: { type: 'string' } } as const;

export const spec = {
  name: 'api-context',
  summary:
    "What CRUD endpoints for a model need to know: its columns (types, nullability, defaults, foreign keys), relationships and their lazy loading, whether to_dict and an async from_dict exist and what they cover, its blueprint and auth, the routes that use it, and the conventional paths with any collision. Never fails the skill load: on any error it prints one line and exits 0 (under --format json, a JSON error document and exit 2).",
  usage: 'stk-migrate api-context <Model> [--blueprint <name>] [--format markdown|json] [--project <dir>]',
  optionHelp: [
    '  <Model>             the model class (without one: the list of models and the routes that use each)',
    '  --blueprint <name>  the blueprint (name or variable) the endpoints belong in (default: the one beside the model)',
    '  (--format text is the same as markdown)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

/** Without a model name: every model, and how many routes use it, so the user can pick one. */
function modelList(api: ApiProject): string {
  const lines = ['Name a model: `/stk-api <Model>`. Models of this project:'];
  for (const model of api.models) {
    const used = api.app.routes.filter((route) => route.names.includes(model.name)).length;
    lines.push(`- \`${model.name}\` (${model.file}:${model.line}, table \`${model.table}\`): ${used === 0 ? 'no route uses it yet' : `${used} route${used === 1 ? ' uses' : 's use'} it`}`);
  }
  return `${lines.join('\n')}\n`;
}

const contextRunner = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'markdown', 'json'] as const, spec.name);
  // The skill passes the first word of its arguments ('$0'); by hand, any words may follow the model's name.
  // A client too old to substitute $0 passes it as written: no model named.
  // A model is a Python class: its name is the word's leading identifier (`Post,` or `Post;` name Post).
  const first = positionals.join(' ').trim().split(/\s+/)[0] ?? '';
  const name = first === '$0' ? '' : (/^[A-Za-z_]\w*/.exec(first)?.[0] ?? first);
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const api = await loadApiProject(project);
  if (!name) {
    writeOutput(1, format === 'json' ? `${JSON.stringify({ models: api.models.map((model) => ({ name: model.name, file: model.file, line: model.line, table: model.table })) }, null, 2)}\n` : modelList(api));
    return 0;
  }
  const model = findModel(api, name);
  if (!model) throw new UsageError(unknownModel(api, name));
  const context = buildApiContext(api, model, values.blueprint);
  writeOutput(1, format === 'json' ? `${JSON.stringify(context, null, 2)}\n` : renderApiContextMarkdown(context));
  return 0;
});

export const run = contextCommand(spec.name, contextRunner);

if (isEntry('api-context')) void runMain(spec.name, () => run(process.argv.slice(2)));

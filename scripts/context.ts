import { relative } from 'node:path';
import { commandRunner, contextCommand, isEntry, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { SeveralEnvironments } from './lib/discover/alembic-config.js';
import { buildContext } from './lib/migrate/context/build.js';
import { discoverProject } from './lib/discover/project.js';
import { renderContextMarkdown, renderEnvironmentsMarkdown } from './lib/migrate/context/markdown.js';
import { writeOutput } from './lib/cli/errors.js';

export const spec = {
  name: 'context',
  summary:
    'What a migration needs to know, in milliseconds: project facts, the current database revision (read-only), heads, pending revisions, recent migrations and every model table. With several Alembic environments in alembic.ini and no --name, it lists them. Never fails the skill load: on any error it prints one line and exits 0 (under --format json, a JSON error document and exit 2).',
  usage: 'stk-migrate context [--project <dir>] [--format markdown|json] [--database-url <url>]',
  optionHelp: [
    '  --database-url <url> read the current revision from this database instead of the project\'s',
    '  (--format text is the same as markdown)',
  ],
  options: { 'database-url': { type: 'string' } },
} satisfies CommandSpec<{ 'database-url': { type: 'string' } }>;

const contextRunner = commandRunner(spec, async ({ values }) => {
  const format = requireFormat(values.format, ['text', 'markdown', 'json'] as const, spec.name);
  let project;
  try {
    project = await discoverProject({ project: values.project, config: values.config, name: values.name, databaseUrl: values['database-url'] });
  } catch (error) {
    if (!(error instanceof SeveralEnvironments)) throw error;
    // several environments and no --name: which ones there are is the context, and how to pick one
    const ini = relative(process.cwd(), error.ini) || error.ini;
    writeOutput(1, format === 'json' ? `${JSON.stringify({ alembicIni: ini, sections: error.sections, message: error.message }, null, 2)}\n` : renderEnvironmentsMarkdown(ini, error.sections));
    return 0;
  }
  const context = await buildContext(project);
  writeOutput(1, format === 'json' ? `${JSON.stringify(context, null, 2)}\n` : renderContextMarkdown(context));
  return 0;
});

export const run = contextCommand(spec.name, contextRunner);

if (isEntry('context')) void runMain(spec.name, () => run(process.argv.slice(2)));

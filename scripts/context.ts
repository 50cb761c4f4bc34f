import { relative } from 'node:path';
import { commandRunner, errorCode, isEntry, reportFailure, requestedFormat, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { SeveralEnvironments } from './lib/discover/alembic-config.js';
import { buildContext } from './lib/migrate/context/build.js';
import { discoverProject } from './lib/discover/project.js';
import { renderContextMarkdown, renderEnvironmentsMarkdown } from './lib/migrate/context/markdown.js';
import { writeOutput } from './lib/cli/errors.js';

export const spec = {
  name: 'context',
  summary:
    'What a migration needs to know, in milliseconds: project facts, the current database revision (read-only), heads, pending revisions, recent migrations and every model table. With several Alembic environments in alembic.ini and no --name, it lists them. Never fails: on any error it prints one line and exits 0, so loading the skill always works.',
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

/**
 * The skill loads the Markdown: on any error it gets one line with the reason and exit code 0, so the
 * load goes on. A tool asking for JSON gets one JSON document with an `error` object and exit code 2.
 */
export async function run(argv: string[]): Promise<number> {
  try {
    return await contextRunner(argv);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    if (requestedFormat(argv) === 'json') {
      reportFailure(spec.name, errorCode(error), message, argv);
      return 2;
    }
    writeOutput(1, `stk-migrate context: ${message} (the rest of the context is unavailable)\n`);
    return 0;
  }
}

if (isEntry('context')) void runMain(spec.name, () => run(process.argv.slice(2)));

import { loadApiProject } from './lib/api/project.js';
import { renderPageCheckText, runPageCheck } from './lib/blueprint/page.js';
import { commandRunner, isEntry, requireFormat, runMain, timeoutOption, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {
  model: { type: 'string' },
  screenshot: { type: 'string' },
  'database-url': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const spec = {
  name: 'page-check',
  summary:
    "Open an admin page in a real browser: serve the project's app (its own Python, a throwaway database upgraded to head, a signed-in throwaway admin) on 127.0.0.1, create a row for the page's model, load the page in headless Chromium and report its status, console errors, whether the Vue app mounted with the Options API, whether the list shows the row, and a screenshot. Never touches your database.",
  usage: 'stk-migrate page-check <path> [--model <Model>] [--screenshot <file.png>] [--timeout <s>] [--format text|json]',
  optionHelp: [
    '  <path>               the page, e.g. /invoice_lines/',
    "  --model <Model>      the model whose row the list must show (default: the model whose conventional page it is)",
    '  --screenshot <file>  where to write the screenshot (default: a new file in the temporary folder)',
    "  --database-url <url> the database whose server hosts the throwaway one (PostgreSQL); default: the project's",
    '  --timeout <s>        give up after this many seconds, removing everything (default 180)',
    '  The browser: STK_CHROMIUM (or CHROMIUM_PATH), else chromium or google-chrome on PATH. Without one it says so;',
    '  under CI (CI set) a missing browser is an error.',
    '  (exit 0 when the page passed, 1 with a finding, 2 for a usage problem or no browser outside CI)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  if (positionals.length !== 1 || !positionals[0]!.startsWith('/')) throw new UsageError('name one page by its path, e.g. stk-migrate page-check /invoice_lines/ (see stk-migrate page-check --help)');
  if (values.screenshot !== undefined && !values.screenshot.endsWith('.png')) throw new UsageError(`--screenshot writes a PNG: give a file name ending in .png, not '${values.screenshot}'`);
  const timeoutSeconds = timeoutOption(values.timeout, 180, spec.name) / 1000;
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name, databaseUrl: values['database-url'] });
  const api = await loadApiProject(project);
  const report = await runPageCheck(api, { path: positionals[0]!, model: values.model, screenshot: values.screenshot, timeoutSeconds });
  writeOutput(1, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderPageCheckText(report, isTerminal(1)));
  if (report.summary.errors > 0) return 1;
  return report.skipped ? 2 : 0;
});

if (isEntry('page-check')) void runMain(spec.name, () => run(process.argv.slice(2)));

import { renderFindingsText } from './lib/findings/render.js';
import { summarize } from './lib/findings/summary.js';
import { scaffold, type ScaffoldReport } from './lib/blueprint/scaffold.js';
import { commandRunner, isEntry, requireFormat, runMain, timeoutOption, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {
  'dry-run': { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  'no-scaffolder': { type: 'boolean', default: false },
  timeout: { type: 'string' },
} as const;

export const spec = {
  name: 'scaffold',
  summary:
    "Create a feature module that works end to end: check the name, write the module (stk's own scaffolder without migrating when the project has one, else in stk's conventions: model, views with the api-new endpoints, the admin page, the blueprint's registration and the sidebar entry, inserted at places found by parsing), create its migration on a throwaway database, then validate, lint, api-check, roundtrip, api-smoke and page-check it. All or nothing: a failed step puts every file back and removes the migration. Never applies a migration to your database.",
  usage: 'stk-migrate scaffold <name> [--dry-run] [--keep] [--no-scaffolder] [--timeout <s>] [--format text|json] [--project <dir>]',
  optionHelp: [
    '  <name>              the module, lowercase snake_case and singular (e.g. invoice_line: model InvoiceLine, page /invoice_lines/)',
    '  --dry-run           print what would be written (a diff) and change nothing',
    '  --keep              keep the files after a failed step, to look at them (default: put everything back)',
    "  --no-scaffolder     write the module with our generator even when the project has stk's scaffolder",
    '  --timeout <s>       budget of each step that runs the app or Alembic (default 180)',
    '  (exit 0 when every step passed, 1 when the name is refused or a step failed, 2 for a usage problem)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

const marks = { passed: '✓', failed: '✗', skipped: '–' } as const;

export function renderScaffoldText(report: ScaffoldReport, colour: boolean): string {
  if (report.status === 'refused') return `scaffold ${report.name}: refused: ${report.refused}\n`;
  const lines: string[] = [];
  const how = report.via === 'scaffolder' ? `stk's scaffolder (${report.command?.slice(-3).join(' ')})` : 'our generator';
  if (report.status === 'dry-run') {
    if (report.via === 'scaffolder') lines.push(`scaffold ${report.name}: would run ${how}; argv: ${JSON.stringify(report.command)}`, 'then: the migration on a throwaway database, validate, lint, api-check, roundtrip, api-smoke, page-check');
    else lines.push(`${report.diff ?? ''}scaffold ${report.name}: would write with ${how}:`, ...report.files.map((file) => `  ${file.change === 'created' ? '+' : '~'} ${file.path}`));
    lines.push(...report.notes.map((note) => `  ⚠ ${note}`));
    return `${lines.join('\n')}\n`;
  }
  lines.push(`scaffold ${report.name}: written by ${how}`, ...report.files.map((file) => `  ${file.change === 'created' ? '+' : '~'} ${file.path}`));
  if (report.migration) lines.push(`  + ${report.migration}`);
  for (const step of report.steps) {
    lines.push(`${marks[step.status]} ${step.step}: ${step.summary}`);
    if (step.findings.length > 0 && (step.status === 'failed' || step.findings.some((finding) => finding.severity !== 'info'))) {
      lines.push(renderFindingsText(summarize(step.findings), colour).trimEnd().replace(/^/gm, '    '));
    }
  }
  lines.push(...report.notes.map((note) => `⚠ ${note}`));
  if (report.status === 'failed') {
    lines.push(report.restored ? 'restored: every file created or patched is as it was, and the migration is removed (pass --keep to look at them)' : 'kept (--keep): the files and the migration stay as the failed step left them');
  } else {
    const model = report.model ? `${report.files.find((file) => file.path.endsWith('/models.py'))?.path ?? 'the models file'}` : 'the models file';
    lines.push(
      `next: shape ${report.model ?? 'the model'}'s fields in ${model}; then, as its migration was never applied anywhere, delete ${report.migration} and run stk-migrate new "add ${report.name}" --throwaway, then validate, roundtrip, api-smoke ${report.model ?? ''} and page-check ${report.page ?? ''}`.replace(/ +,/g, ','),
      'your database is untouched: apply the migration only when you choose to (stk db upgrade / quart db upgrade)',
    );
  }
  return `${lines.join('\n')}\n`;
}

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json'] as const, spec.name);
  if (positionals.length !== 1) throw new UsageError(`name one module, e.g. stk-migrate scaffold invoice_line (see stk-migrate scaffold --help)`);
  const timeoutSeconds = timeoutOption(values.timeout, 180, spec.name) / 1000;
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const report = await scaffold(project, positionals[0]!, { dryRun: values['dry-run'], keep: values.keep, useScaffolder: !values['no-scaffolder'], timeoutSeconds });
  writeOutput(1, format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderScaffoldText(report, isTerminal(1)));
  return report.status === 'done' || report.status === 'dry-run' ? 0 : 1;
});

if (isEntry('scaffold')) void runMain(spec.name, () => run(process.argv.slice(2)));

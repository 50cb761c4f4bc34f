import { checkBlueprints } from './lib/blueprint/check.js';
import { loadBlueprintProject } from './lib/blueprint/project.js';
import { rules } from './lib/blueprint/rules/catalogue.js';
import { rules as devRules } from './lib/dev/rules/catalogue.js';
import { commandRunner, isEntry, requireFormat, runMain, timeoutOption, UsageError, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { formatReport } from './lib/findings/output.js';
import { summarize } from './lib/findings/summary.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {
  'no-python': { type: 'boolean', default: false },
  timeout: { type: 'string' },
} as const;

export const spec = {
  name: 'blueprint-check',
  summary:
    "Check that a feature module is wired: its blueprint registered once, a unique name and URL prefix, its models in the metadata env.py migrates (env.py run on a throwaway database), their tables created by the migrations, sidebar entries that open real routes, templates that exist and pass the lint template rules. Exit 0 without errors, 1 with errors, 2 for usage or internal failure.",
  usage: 'stk-migrate blueprint-check [name] [--no-python] [--format text|json|sarif] [--project <dir>]',
  optionHelp: [
    '  [name]              a blueprint (its name or variable) or module folder; default: every blueprint of the app',
    "  --no-python         do not run env.py (the metadata check then reports that it cannot verify)",
    '  --timeout <s>       budget for running env.py (default 60)',
    '  (--format also takes sarif: SARIF 2.1.0 for GitHub code scanning)',
  ],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json', 'sarif'] as const, spec.name);
  if (positionals.length > 1) throw new UsageError('one module at most, e.g. stk-migrate blueprint-check invoice_line (see stk-migrate blueprint-check --help)');
  const timeoutSeconds = timeoutOption(values.timeout, 60, spec.name) / 1000;
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const bp = await loadBlueprintProject(project);
  const name = positionals[0];
  const result = await checkBlueprints(bp, { name, noPython: values['no-python'], timeoutSeconds });
  if (name && result.targets.length === 0) {
    const known = bp.api.app.blueprints.filter((item) => item.kind === 'blueprint').map((item) => item.name ?? item.variable);
    throw new UsageError(`no blueprint or module called ${name}; blueprints: ${known.join(', ') || 'none'}`);
  }
  const report = summarize(result.findings);
  const header = `checked ${result.targets.length} blueprint${result.targets.length === 1 ? '' : 's'}: ${result.targets.join(', ')}`;
  writeOutput(1, await formatReport(format, report, async () => [...rules, ...devRules], header, isTerminal(1)));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('blueprint-check')) void runMain(spec.name, () => run(process.argv.slice(2)));

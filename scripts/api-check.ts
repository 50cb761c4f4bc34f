import { checkApi } from './lib/api/check.js';
import { rules as apiRules } from './lib/api/rules/catalogue.js';
import { rules as devRules } from './lib/dev/rules/catalogue.js';
import { commandRunner, isEntry, requireFormat, runMain, type CommandSpec } from './lib/cli/command.js';
import { discoverProject } from './lib/discover/project.js';
import { checkedLine, formatReport } from './lib/findings/output.js';
import { summarize } from './lib/findings/summary.js';
import { isTerminal, writeOutput } from './lib/cli/errors.js';

const options = {} as const;

export const spec = {
  name: 'api-check',
  summary:
    "Review API code against stk's conventions: every lint rule, plus route conflicts, routes without auth, mutations without rollback or activity log, a log before the flush, a missing 404, the {item: ...} wrapper, and unbounded paging. Exit 0 without errors, 1 with errors, 2 for usage or internal failure.",
  usage: 'stk-migrate api-check [files...] [--format text|json|sarif] [--project <dir>]',
  optionHelp: ['  files               Python modules to check (default: every file of the app that declares routes)', '  (--format also takes sarif: SARIF 2.1.0 for GitHub code scanning)'],
  options,
  positionals: true,
} satisfies CommandSpec<typeof options>;

export const run = commandRunner(spec, async ({ values, positionals }) => {
  const format = requireFormat(values.format, ['text', 'json', 'sarif'] as const, spec.name);
  const project = await discoverProject({ project: values.project, config: values.config, name: values.name });
  const result = await checkApi(project, { files: positionals });
  const report = summarize(result.findings);
  writeOutput(1, await formatReport(format, report, async () => [...devRules, ...apiRules], checkedLine(result.targets, result.selection), isTerminal(1)));
  return report.summary.errors > 0 ? 1 : 0;
});

if (isEntry('api-check')) void runMain(spec.name, () => run(process.argv.slice(2)));

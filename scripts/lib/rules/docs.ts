import { rules } from './catalogue.js';
import type { Rule } from './types.js';

function section(rule: Rule): string {
  return [
    `### \`${rule.id}\``,
    '',
    `Group: ${rule.group}. Default severity: **${rule.defaultSeverity}**.`,
    '',
    `**What it does.** ${rule.docs.what}`,
    '',
    `**Why is this bad?** ${rule.docs.why}`,
    '',
    '**Example**',
    '',
    '```python',
    rule.docs.example,
    '```',
    '',
    '**Use instead**',
    '',
    '```python',
    rule.docs.fix,
    '```',
  ].join('\n');
}

/** The rule catalogue as Markdown, generated from the rule files for the README. */
export function renderRuleDocs(catalogue: readonly Rule[] = rules): string {
  const table = [
    '| Rule | Group | Default |',
    '| --- | --- | --- |',
    ...catalogue.map((rule) => `| [\`${rule.id}\`](#${rule.id}) | ${rule.group} | ${rule.defaultSeverity} |`),
  ];
  const intro = [
    'Change a severity or turn a rule off in the project config (`rules = { "drop-column" = "off", "fk-without-index" = "error" }`).',
    'Silence one finding with a comment on its line, or on the line above: `# stk-migrate: ignore[rule-id] why this is fine`;',
    'the same comment before the first statement of the file (after the docstring) covers the whole file.',
    'A suppression without a reason silences nothing and is itself reported (`invalid-suppression`).',
    'When code is beyond what the checks follow (loops, conditionals, helper functions, `op.get_bind()`, non-literal arguments), the rules report an info "cannot verify" instead of guessing.',
  ];
  return `${[...intro, '', ...table].join('\n')}\n\n${catalogue.map(section).join('\n\n')}\n`;
}

import type { Rule } from './types.js';

function section(rule: Rule<never>): string {
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
    `\`\`\`${rule.docs.language ?? 'python'}`,
    rule.docs.example,
    '```',
    '',
    '**Use instead**',
    '',
    `\`\`\`${rule.docs.language ?? 'python'}`,
    rule.docs.fix,
    '```',
  ].join('\n');
}

export interface CatalogueDocs {
  /** The section's heading, e.g. "stk-migrate: migrations (`validate` and the hook)". */
  title: string;
  rules: readonly Rule<never>[];
}

/** Every catalogue as Markdown for docs/rules.md: how to configure and silence rules, then a table and one section per rule. */
export function renderRuleDocs(catalogues: readonly CatalogueDocs[]): string {
  const intro = [
    'Change a severity or turn a rule off in the project config (`rules = { "drop-column" = "off", "fk-without-index" = "error" }`); one table serves every catalogue.',
    'Silence one finding with a comment on its line, or on the line above: `# stk-migrate: ignore[rule-id] why this is fine` (`# stk: ignore[...]` works too; in a template, `{# stk: ignore[rule-id] why #}`);',
    'the same comment before the first statement of the file (after the docstring) covers the whole file.',
    'A suppression without a reason silences nothing and is itself reported (`invalid-suppression`).',
    'When code is beyond what the checks follow (loops, conditionals, helper functions, `op.get_bind()`, non-literal arguments), the rules report an info "cannot verify" instead of guessing.',
  ];
  // a rule shared by several catalogues (invalid-suppression) is a row in each table and one section, under the first
  const described = new Set<string>();
  const parts = catalogues.map(({ title, rules }) => {
    const table = ['| Rule | Group | Default |', '| --- | --- | --- |', ...rules.map((rule) => `| [\`${rule.id}\`](#${rule.id}) | ${rule.group} | ${rule.defaultSeverity} |`)];
    const sections = rules.filter((rule) => !described.has(rule.id) && described.add(rule.id));
    return [`## ${title}`, '', ...table, '', sections.map(section).join('\n\n')].join('\n');
  });
  return `${intro.join('\n')}\n\n${parts.join('\n\n')}\n`;
}

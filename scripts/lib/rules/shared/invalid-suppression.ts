import type { Report, Rule, Suppression } from '../types.js';

/** A suppression comment as its file writes them: Python's `# stk-migrate: ...`, or a template's `{# stk: ... #}`, `<!-- -->`, `//`. */
function comment(suppression: Suppression, body: string): string {
  switch (suppression.opener) {
    case '{#':
      return `{# stk: ${body} #}`;
    case '<!--':
      return `<!-- stk: ${body} -->`;
    case '//':
      return `// stk: ${body}`;
    default:
      return `# stk-migrate: ${body}`;
  }
}

/** Shared by every catalogue: it looks only at the file's suppression comments. */
export const invalidSuppression: Rule = {
  id: 'invalid-suppression',
  group: 'suppressions',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports `# stk-migrate: ignore[...]` comments (in templates `{# stk: ignore[...] #}` and the like) that give no reason or name a rule that does not exist. A suppression without a reason silences nothing.',
    why: 'A suppression is a decision someone must be able to review later; without the reason nobody can tell whether it still holds, and a misspelled rule id silences nothing while looking like it does.',
    example: 'op.drop_column("user", "nickname")  # stk-migrate: ignore[drop-column]',
    fix: 'op.drop_column("user", "nickname")  # stk-migrate: ignore[drop-column] unused since 2.1, values copied to display_name',
  },
  check({ suppressions }) {
    return suppressions.flatMap((suppression): Report[] => {
      const reports: Report[] = [];
      const ids = suppression.rules.join(', ');
      if (suppression.rules.length === 0) {
        reports.push({ line: suppression.line, column: suppression.column, message: 'This suppression names no rule, so it silences nothing.', help: `write the rule ids in the brackets: \`${comment(suppression, 'ignore[rule-id] reason')}\`` });
      }
      if (!suppression.reason && suppression.rules.length > 0) {
        reports.push({
          line: suppression.line,
          column: suppression.column,
          message: `This suppression of ${ids} gives no reason, so it silences nothing.`,
          help: `say why after the brackets: \`${comment(suppression, `ignore[${ids}] <why this is safe>`)}\``,
        });
      }
      for (const rule of suppression.unknownRules) {
        reports.push({ line: suppression.line, column: suppression.column, message: `No rule is called \`${rule}\`, so this suppression silences nothing for it.`, help: 'use a rule id from docs/rules.md that applies to this kind of file' });
      }
      return reports;
    });
  },
};

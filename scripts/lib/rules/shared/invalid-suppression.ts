import type { Report, Rule, Suppression } from '../types.js';

/** A suppression comment as the file wrote this one: its marker (`#`, `{# #}`, `<!-- -->`, `//`) and its prefix (`stk-migrate:` or `stk:`). */
function comment(suppression: Suppression, body: string): string {
  const opener = suppression.opener ?? '#';
  const directive = `${suppression.prefix ?? (opener === '#' ? 'stk-migrate' : 'stk')}: ${body}`;
  switch (opener) {
    case '{#':
      return `{# ${directive} #}`;
    case '<!--':
      return `<!-- ${directive} -->`;
    case '//':
      return `// ${directive}`;
    default:
      return `# ${directive}`;
  }
}

/** Shared by every catalogue: it looks only at the file's suppression comments. */
export const invalidSuppression: Rule = {
  id: 'invalid-suppression',
  group: 'suppressions',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports suppression comments (`# stk-migrate: ignore[...]` or `# stk: ignore[...]`, in templates `{# stk: ignore[...] #}` and the like) that give no reason or name a rule that does not exist. A suppression without a reason silences nothing.',
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

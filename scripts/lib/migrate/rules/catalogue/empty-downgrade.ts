import { expectationsOf, changesSchema } from '../../ops/inverse.js';
import { placed } from '../../ops/render.js';
import { cannotVerify, code, defLine } from '../helpers.js';
import type { Rule } from '../types.js';

export const emptyDowngrade: Rule = {
  id: 'empty-downgrade',
  group: 'reversibility',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a `downgrade()` that does nothing (`pass`, or no function at all) while `upgrade()` changes the schema. A `downgrade()` that raises, documenting an irreversible migration, is accepted and reported as info.',
    why: '`downgrade` then records the revision as undone while its tables and columns stay, so the database no longer matches any revision and the next `upgrade` fails.',
    example: 'def upgrade():\n    op.add_column("user", sa.Column("bio", sa.Text(), nullable=True))\n\ndef downgrade():\n    pass',
    fix: 'def downgrade():\n    op.drop_column("user", "bio")\n\n# or, when it truly cannot be undone:\ndef downgrade():\n    raise NotImplementedError("irreversible: the old password hashes are gone")',
  },
  check({ upgrade, downgrade, schemaBefore, namingConvention }) {
    const changes = upgrade.ops.filter(changesSchema);
    const unknown = upgrade.ops.find((op) => (op.kind === 'opaque' && op.schemaEffect !== 'none') || (op.kind === 'execute' && op.ddl === null));
    if (changes.length === 0 && !unknown) return [];
    const raise = downgrade.ops[0]?.kind === 'raise' ? downgrade.ops[0] : undefined;
    if (raise) {
      return [
        {
          line: raise.line,
          column: raise.column,
          severity: 'info',
          message: 'downgrade() raises, so this migration is declared irreversible and `downgrade` stops here.',
          help: 'keep the reason in the exception message; nothing to fix if the migration really cannot be undone',
        },
      ];
    }
    if (downgrade.defined && !downgrade.empty) return [];
    const where = downgrade.defined ? defLine(downgrade) : defLine(upgrade);
    if (changes.length === 0 && unknown) {
      return [cannotVerify(where, 'whether upgrade() changes the schema that downgrade() leaves alone', { line: unknown.line, reason: unknown.kind === 'opaque' ? unknown.reason : 'op.execute() with an expression' }, 'if upgrade() changes the schema, undo it in downgrade()')];
    }
    const last = [...changes].reverse().flatMap((op) => expectationsOf(op, schemaBefore, namingConvention))[0];
    const start = last ? `, starting with ${placed(last.inverse)}` : '';
    const summary = changes.slice(0, 2).map(code).join(', ') + (changes.length > 2 ? ', ...' : '');
    return [
      {
        ...where,
        message: `${downgrade.defined ? 'downgrade() does nothing' : 'There is no downgrade()'} while upgrade() runs ${summary}, so a downgrade marks the revision undone but leaves its changes in the database.`,
        help: `undo upgrade() in reverse order${start}; if it cannot be undone, write \`raise NotImplementedError("irreversible: <why>")\``,
      },
    ];
  },
};

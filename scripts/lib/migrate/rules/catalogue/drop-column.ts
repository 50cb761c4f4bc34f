import { copiedInto } from '../helpers.js';
import type { Rule } from '../types.js';

export const dropColumn: Rule = {
  id: 'drop-column',
  group: 'data safety',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports `drop_column` in `upgrade()`, plain or in batch mode, unless `upgrade()` first copies the column\'s values into another column (`UPDATE t SET new = old`): that is a rename that loses nothing.',
    why: "Dropping a column destroys its values, and application code (or a previous version still deployed) that selects it fails. `downgrade()` brings the column back empty.",
    example: 'def upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.drop_column("nickname")',
    fix: '# remove the attribute from the model and deploy first, then:\ndef upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.drop_column("nickname")  # stk-migrate: ignore[drop-column] unused since 2.1, values copied to display_name',
  },
  check({ upgrade }) {
    return upgrade.ops.flatMap((op, index) =>
      op.kind === 'drop_column' && copiedInto(upgrade.ops.slice(0, index), op.table, op.columnName).length === 0
        ? [
            {
              line: op.line,
              column: op.column,
              message: `Dropping column \`${op.table}.${op.columnName}\` destroys its data, and code still reading it will fail.`,
              help: `if the values should survive under another name, use \`alter_column(..., new_column_name=...)\`; otherwise confirm with \`# stk-migrate: ignore[drop-column] <reason>\``,
            },
          ]
        : [],
    );
  },
};

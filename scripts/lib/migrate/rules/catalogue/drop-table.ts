import type { Rule } from '../types.js';

export const dropTable: Rule = {
  id: 'drop-table',
  group: 'data safety',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports `op.drop_table(...)` in `upgrade()`.',
    why: 'Dropping a table destroys its rows for good, and any code or deployed version still using it fails. `downgrade()` can recreate the table but not its data.',
    example: 'def upgrade():\n    op.drop_table("legacy_session")',
    fix: '# after checking no code uses the table and the data is backed up or migrated:\ndef upgrade():\n    op.drop_table("legacy_session")  # stk-migrate: ignore[drop-table] replaced by user_sessions in 2.3, data migrated in 4c1d',
  },
  check({ upgrade }) {
    return upgrade.ops.flatMap((op) =>
      op.kind === 'drop_table'
        ? [
            {
              line: op.line,
              column: op.column,
              message: `Dropping table \`${op.table}\` destroys its data, and code still using it will fail.`,
              help: `make sure nothing reads \`${op.table}\` and its rows are backed up or moved, then say so: \`# stk-migrate: ignore[drop-table] <reason>\``,
            },
          ]
        : [],
    );
  },
};

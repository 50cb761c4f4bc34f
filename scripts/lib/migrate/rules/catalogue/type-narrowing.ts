import { describeType, narrowing } from '../../ops/sqltypes.js';
import type { Rule } from '../types.js';

export const typeNarrowing: Rule = {
  id: 'type-narrowing',
  group: 'data safety',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports an `alter_column(type_=...)` in `upgrade()` to a type that holds less than the old one: a shorter `String`, `Text` to `String(n)`, `Integer` to `SmallInteger`, `Numeric` to `Integer`, `DateTime` to `Date`, text to a non-text type. The old type comes from `existing_type`, else from replaying the earlier migrations.',
    why: 'Values that do not fit are truncated or make the ALTER fail (PostgreSQL: "value too long"), usually only on production data.',
    example: 'def upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.alter_column("name", existing_type=sa.String(length=255), type_=sa.String(length=64))',
    fix: '# check the data first: SELECT max(length(name)) FROM "user";\n# then keep the wider type, or confirm:\nbatch_op.alter_column("name", existing_type=sa.String(length=255), type_=sa.String(length=64))  # stk-migrate: ignore[type-narrowing] longest name is 40',
  },
  check({ upgrade, schemaBefore }) {
    return upgrade.ops.flatMap((op) => {
      if (op.kind !== 'alter_column' || !op.type) return [];
      const from = op.existingType ?? schemaBefore?.tables.get(op.table)?.columns.get(op.columnName)?.type;
      const why = from ? narrowing(from, op.type) : undefined;
      if (!from || !why) return [];
      return [
        {
          line: op.line,
          column: op.column,
          message: `Changing \`${op.table}.${op.columnName}\` from ${describeType(from)} to ${describeType(op.type)} can truncate or reject existing values: ${why}.`,
          help: `check the existing data fits (e.g. \`SELECT max(length(${op.columnName})) FROM ${op.table}\`) or keep ${describeType(from)}; then confirm with \`# stk-migrate: ignore[type-narrowing] <reason>\``,
        },
      ];
    });
  },
};

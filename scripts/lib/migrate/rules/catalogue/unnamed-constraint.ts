import type { Operation } from '../../ops/types.js';
import type { Report, Rule } from '../types.js';

const why = 'so downgrade() and batch mode cannot drop it by name (unless a naming convention in the models\' MetaData names it)';

function unnamed(op: Operation): Report[] {
  const report = (where: { line: number; column: number }, what: string): Report => ({
    ...where,
    message: `${what} is created without a name, ${why}.`,
    help: 'name it explicitly, e.g. `op.f("fk_<table>_<column>_<referred table>")`, `op.f("uq_<table>_<column>")`, `op.f("ck_<table>_<name>")`',
  });
  switch (op.kind) {
    case 'create_foreign_key':
    case 'create_unique_constraint':
    case 'create_check_constraint':
      return op.name === null ? [report(op, `The ${op.kind.replace('create_', '').replaceAll('_', ' ')} on \`${op.table}\``)] : [];
    case 'create_table':
      return [
        ...op.constraints.filter((constraint) => constraint.kind !== 'primary' && constraint.name === null).map((constraint) => report(constraint, `A ${constraint.kind === 'foreignkey' ? 'foreign key' : constraint.kind} constraint of \`${op.table}\``)),
        ...op.columns.flatMap((column) => [
          ...column.foreignKeys.map(() => report(column, `The foreign key of \`${op.table}.${column.name}\` (\`sa.ForeignKey\`)`)),
          ...(column.unique && !column.index ? [report(column, `The unique constraint of \`${op.table}.${column.name}\` (\`unique=True\`)`)] : []),
        ]),
      ];
    case 'add_column':
      return [
        ...op.definition.foreignKeys.map(() => report(op, `The foreign key of \`${op.table}.${op.definition.name}\` (\`sa.ForeignKey\`)`)),
        ...(op.definition.unique && !op.definition.index ? [report(op, `The unique constraint of \`${op.table}.${op.definition.name}\` (\`unique=True\`)`)] : []),
      ];
    case 'drop_constraint':
      return op.name === null
        ? [
            {
              line: op.line,
              column: op.column,
              message: `drop_constraint(None) on \`${op.table}\` fails, because a constraint can only be dropped by its name.`,
              help: 'pass the constraint\'s real name (PostgreSQL names unnamed ones like `<table>_<column>_fkey` / `<table>_<column>_key`), and name constraints when creating them',
            },
          ]
        : [];
    default:
      return [];
  }
}

export const unnamedConstraint: Rule = {
  id: 'unnamed-constraint',
  group: 'hygiene',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports foreign keys, unique and check constraints created without a name (`None`, a column\'s `sa.ForeignKey(...)` or `unique=True`), and `drop_constraint(None, ...)`. Primary keys are left alone.',
    why: 'A constraint is dropped by name. Without one, PostgreSQL invents a name the migration does not know and SQLite keeps none, so `downgrade()` and later batch migrations cannot drop it; autogenerate then writes `drop_constraint(None, ...)`, which fails.',
    example: 'batch_op.create_foreign_key(None, "user", ["user_id"], ["id"])',
    fix: 'batch_op.create_foreign_key(batch_op.f("fk_activity_user_id_user"), "user", ["user_id"], ["id"])',
  },
  check({ upgrade, downgrade }) {
    return [...upgrade.ops, ...downgrade.ops].flatMap(unnamed);
  },
};

import { conventionNames, type NamedKind, type NamingConvention } from '../../ops/naming.js';
import type { Operation } from '../../ops/types.js';
import type { Report, Rule } from '../types.js';

const why = 'so downgrade() and batch mode cannot drop it by name';

/** Whether a constraint created without a name gets none: the models' naming convention names those of its kind. */
function nameless(kind: NamedKind, name: string | null, convention: NamingConvention | undefined): boolean {
  return name === null && !conventionNames(convention, kind);
}

function unnamed(op: Operation, convention: NamingConvention | undefined): Report[] {
  const report = (where: { line: number; column: number }, what: string): Report => ({
    ...where,
    message: `${what} is created without a name, ${why}.`,
    help: 'name it explicitly, e.g. `op.f("fk_<table>_<column>_<referred table>")`, `op.f("uq_<table>_<column>")`, `op.f("ck_<table>_<name>")`, or give the models\' MetaData a naming_convention',
  });
  const kinds = { create_foreign_key: 'foreignkey', create_unique_constraint: 'unique', create_check_constraint: 'check' } as const;
  switch (op.kind) {
    case 'create_foreign_key':
    case 'create_unique_constraint':
    case 'create_check_constraint':
      return nameless(kinds[op.kind], op.name, convention) ? [report(op, `The ${op.kind.replace('create_', '').replaceAll('_', ' ')} on \`${op.table}\``)] : [];
    case 'create_table':
      return [
        ...op.constraints
          .filter((constraint) => constraint.kind !== 'primary' && nameless(constraint.kind, constraint.name, convention))
          .map((constraint) => report(constraint, `A ${constraint.kind === 'foreignkey' ? 'foreign key' : constraint.kind} constraint of \`${op.table}\``)),
        ...op.columns.flatMap((column) => [
          ...column.foreignKeys.filter((fk) => nameless('foreignkey', fk.name, convention)).map(() => report(column, `The foreign key of \`${op.table}.${column.name}\` (\`sa.ForeignKey\`)`)),
          ...(column.unique && !column.index && nameless('unique', null, convention) ? [report(column, `The unique constraint of \`${op.table}.${column.name}\` (\`unique=True\`)`)] : []),
        ]),
      ];
    case 'add_column':
      return [
        ...op.definition.foreignKeys.filter((fk) => nameless('foreignkey', fk.name, convention)).map(() => report(op, `The foreign key of \`${op.table}.${op.definition.name}\` (\`sa.ForeignKey\`)`)),
        ...(op.definition.unique && !op.definition.index && nameless('unique', null, convention) ? [report(op, `The unique constraint of \`${op.table}.${op.definition.name}\` (\`unique=True\`)`)] : []),
      ];
    default:
      return [];
  }
}

export const unnamedConstraint: Rule = {
  id: 'unnamed-constraint',
  group: 'hygiene',
  defaultSeverity: 'warning',
  docs: {
    what: "Reports foreign keys, unique and check constraints created without a name (`None`, a column's `sa.ForeignKey(...)` without `name=`, or `unique=True`), unless the models' MetaData has a `naming_convention` that names them (Alembic's operations use it). Primary keys are left alone; `drop_constraint(None, ...)` is `drop-unknown-name`'s.",
    why: 'A constraint is dropped by name. Without one, PostgreSQL invents a name the migration does not know and SQLite keeps none, so `downgrade()` and later batch migrations cannot drop it; autogenerate then writes `drop_constraint(None, ...)`, which fails.',
    example: 'batch_op.create_foreign_key(None, "user", ["user_id"], ["id"])',
    fix: 'batch_op.create_foreign_key(batch_op.f("fk_activity_user_id_user"), "user", ["user_id"], ["id"])',
  },
  check({ upgrade, downgrade, namingConvention }) {
    return [...upgrade.ops, ...downgrade.ops].flatMap((op) => unnamed(op, namingConvention));
  },
};

import { batchBlock, renderOperation } from '../../ops/render.js';
import type { ColumnDef, FunctionOps, Operation } from '../../ops/types.js';
import type { Report, Rule } from '../types.js';

/** Server defaults SQLite's ADD COLUMN refuses: CURRENT_TIMESTAMP and friends, expressions in parentheses, SQL functions. */
function nonConstantDefault(column: ColumnDef): boolean {
  if (column.serverDefaultKind === 'expression') return true;
  const sql = column.serverDefaultSql?.trim() ?? '';
  return column.serverDefaultKind === 'sql' && (/^CURRENT_(TIME|DATE|TIMESTAMP)$/i.test(sql) || sql.startsWith('('));
}

/** Why SQLite cannot run this operation as a plain ALTER, or undefined when it can. */
function problemOf(op: Operation): string | undefined {
  switch (op.kind) {
    case 'alter_column': {
      const changes = [op.type && 'the type', op.nullable !== undefined && 'nullability', op.serverDefault !== undefined && 'the server default'].filter(Boolean);
      return changes.length ? `SQLite has no ALTER COLUMN, so changing ${changes.join(' and ')} of \`${op.table}.${op.columnName}\` fails` : undefined;
    }
    case 'drop_column':
      return `SQLite before 3.35 cannot drop a column, and no version drops one that is indexed, unique or in a foreign key, so dropping \`${op.table}.${op.columnName}\` fails`;
    case 'create_foreign_key':
    case 'create_unique_constraint':
    case 'create_check_constraint':
    case 'create_primary_key':
    case 'drop_constraint':
      return `SQLite cannot add or drop constraints with ALTER TABLE, so \`${op.kind}\` on \`${op.table}\` fails`;
    case 'add_column': {
      const column = op.definition;
      // Alembic runs the ADD COLUMN, then adds the column's constraints with ALTER, which SQLite cannot do
      const halfway = `after the ADD COLUMN ran, so the upgrade stops halfway with \`${op.table}.${column.name}\` added and the rest of the migration not run`;
      if (column.foreignKeys.length && !op.inlineReferences) return `Alembic raises NotImplementedError ("No support for ALTER of constraints in SQLite dialect") for the foreign key of \`${op.table}.${column.name}\` ${halfway}`;
      if (column.unique) return `Alembic raises NotImplementedError ("No support for ALTER of constraints in SQLite dialect") for the UNIQUE constraint of \`${op.table}.${column.name}\` ${halfway}`;
      if (column.primaryKey) return `SQLite's ADD COLUMN cannot add a PRIMARY KEY column, so adding \`${op.table}.${column.name}\` fails`;
      if (nonConstantDefault(column)) return `SQLite's ADD COLUMN refuses a non-constant default, so adding \`${op.table}.${column.name}\` fails`;
      return undefined;
    }
    default:
      return undefined;
  }
}

function checkFunction(fn: FunctionOps): Report[] {
  return fn.ops.flatMap((op) => {
    const problem = op.batch ? undefined : problemOf(op);
    if (!problem || !('table' in op) || typeof op.table !== 'string') return [];
    const batched = renderOperation({ ...op, batch: true });
    return [
      {
        line: op.line,
        column: op.column,
        message: `${problem} in ${fn.name}().`,
        help: `use batch mode, which recreates the table: \`${batchBlock(op.table)}\` then \`${batched}\``,
      },
    ];
  });
}

export const sqliteNeedsBatch: Rule = {
  id: 'sqlite-needs-batch',
  group: 'sqlite',
  defaultSeverity: 'error',
  docs: {
    what: 'When the project targets SQLite, reports operations SQLite cannot run as ALTER TABLE outside `op.batch_alter_table()`: `alter_column` (type, nullability, default), `drop_column`, creating or dropping constraints and foreign keys, and `add_column` with a foreign key (unless `inline_references=True`), UNIQUE or a non-constant default.',
    why: "SQLite supports only a few forms of ALTER TABLE; the rest fail at `upgrade` time. For `add_column` with a foreign key or UNIQUE, Alembic first runs the ADD COLUMN and then raises NotImplementedError (\"No support for ALTER of constraints in SQLite dialect\") for the constraint, so the migration stops halfway with the column already added. Batch mode copies the table with the change applied.",
    example: 'def upgrade():\n    op.alter_column("user", "email", existing_type=sa.String(length=255), nullable=False)',
    fix: 'def upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.alter_column("email", existing_type=sa.String(length=255), nullable=False)',
  },
  check({ dialect, upgrade, downgrade }) {
    if (dialect !== 'sqlite') return [];
    return [...checkFunction(upgrade), ...checkFunction(downgrade)];
  },
};

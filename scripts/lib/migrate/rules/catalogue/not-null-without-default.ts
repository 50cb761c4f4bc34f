import { placed } from '../../ops/render.js';
import type { AddColumnOp, AlterColumnOp, Operation } from '../../ops/types.js';
import { priorColumn, replaySchema } from '../../ops/replay.js';
import { blockerOf, cannotVerify, tablesCreated, unfollowable, unknownState } from '../helpers.js';
import type { Report, Rule } from '../types.js';

/** How an earlier operation fills `table.column`: it does, it may (columns unreadable), it writes other columns of the table only, or not at all. */
function fills(op: Operation, table: string, column: string): 'yes' | 'maybe' | 'other' | 'no' {
  if (op.kind !== 'execute' && op.kind !== 'opaque') return 'no';
  if (Array.isArray(op.writes) && !op.writes.includes(table)) return 'no';
  if (op.sets === null) return 'maybe';
  const onTable = op.sets.filter((set) => set.table === table);
  if (onTable.some((set) => set.column === column)) return 'yes';
  return onTable.length > 0 ? 'other' : Array.isArray(op.writes) ? 'no' : 'maybe';
}

function addedNotNull(op: AddColumnOp): Report {
  const column = op.definition;
  return {
    line: op.line,
    column: op.column,
    message: `Adding NOT NULL column \`${op.table}.${column.name}\` without a server_default fails on a table that already has rows.`,
    help: `give it a default (\`server_default="..."\` or \`server_default=sa.text("...")\`), or add it with \`nullable=True\`, backfill with \`op.execute(sa.text("UPDATE ${op.table} SET ${column.name} = ..."))\`, then \`alter_column("${column.name}", nullable=False)\``,
  };
}

function alteredNotNull(op: AlterColumnOp): Report {
  return {
    line: op.line,
    column: op.column,
    message: `Making \`${op.table}.${op.columnName}\` NOT NULL without filling its NULLs first fails as soon as one row holds NULL.`,
    help: `before it, backfill: \`op.execute(sa.text("UPDATE ${op.table} SET ${op.columnName} = ... WHERE ${op.columnName} IS NULL"))\``,
  };
}

export const notNullWithoutDefault: Rule = {
  id: 'not-null-without-default',
  group: 'data safety',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a NOT NULL column added to an existing table without `server_default`, and an `alter_column(..., nullable=False)` with no backfill before it that sets that very column (an UPDATE through `op.execute`, `op.get_bind()` or `table.update().values(...)`). A backfill whose columns cannot be read, or a column whose earlier nullability the history does not show (created outside the migrations), is an info "cannot verify".',
    why: 'The database must put a value in every existing row. Without a default, PostgreSQL rejects the ALTER ("contains null values") and SQLite refuses the column outright; the migration works on an empty development database and fails in production.',
    example: 'def upgrade():\n    op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=False))',
    fix: 'def upgrade():\n    op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=False, server_default="free"))',
  },
  check({ upgrade, schemaBefore, file }) {
    const created = tablesCreated(upgrade.ops);
    const reports: Report[] = [];
    upgrade.ops.forEach((op, index) => {
      if (op.kind === 'add_column') {
        const column = op.definition;
        if (!column.nullable && column.serverDefault === null && !column.primaryKey && !created.has(op.table)) reports.push(addedNotNull(op));
        return;
      }
      if (op.kind !== 'alter_column' || op.nullable !== false || created.has(op.table)) return;
      // the column as the upgrade has it so far (added nullable a few lines up, or as the history left it)
      const prior = priorColumn(schemaBefore && replaySchema([{ file, ops: upgrade.ops.slice(0, index) }], schemaBefore), op.table, op.columnName);
      const wasNullable = op.existingNullable ?? prior.column?.nullable;
      if (wasNullable === false) return;
      const earlier = upgrade.ops.slice(0, index);
      const addedWithDefault = earlier.some((item) => item.kind === 'add_column' && item.table === op.table && item.definition.name === op.columnName && item.definition.serverDefault !== null);
      const filling = earlier.map((item) => ({ item, how: fills(item, op.table, op.columnName) }));
      if (addedWithDefault || filling.some(({ how }) => how === 'yes')) return;
      const maybe = filling.find(({ how }) => how === 'maybe');
      if (maybe) {
        reports.push(unknownState(op, `that \`${op.table}.${op.columnName}\` is filled before it becomes NOT NULL`, `the SQL at line ${maybe.item.line} writes rows of \`${op.table}\`, but which columns it sets cannot be read`, `make sure it sets \`${op.columnName}\` on every row where it is NULL`));
        return;
      }
      const other = filling.find(({ how }) => how === 'other');
      if (other && (other.item.kind === 'execute' || other.item.kind === 'opaque')) {
        const written = (other.item.sets ?? []).filter((set) => set.table === op.table).map((set) => `\`${set.column}\``);
        reports.push({
          line: op.line,
          column: op.column,
          message: `Making \`${op.table}.${op.columnName}\` NOT NULL fails as soon as one row holds NULL: the backfill at line ${other.item.line} sets ${written.join(', ')}, not \`${op.columnName}\`.`,
          help: `make the backfill set the column it prepares: \`UPDATE ${op.table} SET ${op.columnName} = ... WHERE ${op.columnName} IS NULL\``,
        });
        return;
      }
      const blocker = unfollowable({ ...upgrade, ops: earlier }, op.table);
      if (!blocker && wasNullable === undefined && prior.unknown) {
        // maybe NOT NULL already: the history does not say, so neither does the review
        reports.push(unknownState(op, `that \`${op.table}.${op.columnName}\` holds no NULL when it becomes NOT NULL`, `${prior.unknown}, so whether it was nullable before is unknown`, `if it may hold NULLs, backfill before: \`UPDATE ${op.table} SET ${op.columnName} = ... WHERE ${op.columnName} IS NULL\`, and pass existing_nullable=True`));
        return;
      }
      if (blocker) reports.push(cannotVerify(op, `that \`${op.table}.${op.columnName}\` is filled before it becomes NOT NULL`, blockerOf(blocker), `make sure the code at line ${blocker.line} fills every NULL, or backfill with ${placed({ kind: 'execute', line: 0, column: 0, batch: false, schema: null, form: 'text', sql: `UPDATE ${op.table} SET ${op.columnName} = ... WHERE ${op.columnName} IS NULL`, ddl: false, ddlTables: [], writes: [op.table], sets: [{ table: op.table, column: op.columnName, source: null }] })}`));
      else reports.push(alteredNotNull(op));
    });
    return reports;
  },
};

import { placed } from '../../ops/render.js';
import type { AddColumnOp, AlterColumnOp, Operation } from '../../ops/types.js';
import { blockerOf, cannotVerify, tablesCreated, unfollowable } from '../helpers.js';
import type { Report, Rule } from '../types.js';

/** An UPDATE of the table (or SQL whose target cannot be read) that may fill the column before it becomes NOT NULL. */
function backfills(op: Operation, table: string): boolean {
  return (op.kind === 'execute' || op.kind === 'opaque') && (!Array.isArray(op.writes) || op.writes.includes(table));
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
    what: 'Reports a NOT NULL column added to an existing table without `server_default`, and an `alter_column(..., nullable=False)` with no backfill (`op.execute` UPDATE) before it.',
    why: 'The database must put a value in every existing row. Without a default, PostgreSQL rejects the ALTER ("contains null values") and SQLite refuses the column outright; the migration works on an empty development database and fails in production.',
    example: 'def upgrade():\n    op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=False))',
    fix: 'def upgrade():\n    op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=False, server_default="free"))',
  },
  check({ upgrade, schemaBefore }) {
    const created = tablesCreated(upgrade.ops);
    const reports: Report[] = [];
    upgrade.ops.forEach((op, index) => {
      if (op.kind === 'add_column') {
        const column = op.definition;
        if (!column.nullable && column.serverDefault === null && !column.primaryKey && !created.has(op.table)) reports.push(addedNotNull(op));
        return;
      }
      if (op.kind !== 'alter_column' || op.nullable !== false || created.has(op.table)) return;
      const wasNullable = op.existingNullable ?? schemaBefore?.tables.get(op.table)?.columns.get(op.columnName)?.nullable;
      if (wasNullable === false) return;
      const earlier = upgrade.ops.slice(0, index);
      const addedWithDefault = earlier.some((item) => item.kind === 'add_column' && item.table === op.table && item.definition.name === op.columnName && item.definition.serverDefault !== null);
      if (addedWithDefault || earlier.some((item) => backfills(item, op.table))) return;
      const blocker = unfollowable({ ...upgrade, ops: earlier }, op.table);
      if (blocker) reports.push(cannotVerify(op, `that \`${op.table}.${op.columnName}\` is filled before it becomes NOT NULL`, blockerOf(blocker), `make sure the code at line ${blocker.line} fills every NULL, or backfill with ${placed({ kind: 'execute', line: 0, column: 0, batch: false, schema: null, form: 'text', sql: `UPDATE ${op.table} SET ${op.columnName} = ... WHERE ${op.columnName} IS NULL`, ddl: false, ddlTables: [], writes: [op.table] })}`));
      else reports.push(alteredNotNull(op));
    });
    return reports;
  },
};

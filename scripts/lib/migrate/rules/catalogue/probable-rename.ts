import { renderOperation } from '../../ops/render.js';
import { compareTypes, describeType } from '../../ops/sqltypes.js';
import type { AddColumnOp, ColumnType, DropColumnOp, FunctionOps } from '../../ops/types.js';
import { copiedInto } from '../helpers.js';
import type { Report, Rule } from '../types.js';

/**
 * A rename done by copying (`add_column(new)`, `UPDATE t SET new = old`, `drop_column(old)`) loses nothing
 * when downgrade() copies the values back the same way; one that does not loses them on every downgrade.
 */
function copyBack(upgrade: FunctionOps, downgrade: FunctionOps, drop: DropColumnOp, copies: string[]): Report[] {
  const added = new Set(upgrade.ops.flatMap((op) => (op.kind === 'add_column' && op.table === drop.table ? [op.definition.name] : [])));
  return copies
    .filter((target) => added.has(target))
    .flatMap((target) => {
      const dropIndex = downgrade.ops.findIndex((op) => op.kind === 'drop_column' && op.table === drop.table && op.columnName === target);
      const downDrop = downgrade.ops[dropIndex];
      if (!downDrop || copiedInto(downgrade.ops.slice(0, dropIndex), drop.table, target).includes(drop.columnName)) return [];
      return [
        {
          line: downDrop.line,
          column: downDrop.column,
          message: `upgrade() copies \`${drop.table}.${drop.columnName}\` into \`${target}\` before dropping it, but downgrade() drops \`${target}\` without copying its values back into \`${drop.columnName}\`, so a downgrade loses them.`,
          help: `before this line, copy them back: \`op.execute(sa.text("UPDATE ${drop.table} SET ${drop.columnName} = ${target}"))\``,
        },
      ];
    });
}

export const probableRename: Rule = {
  id: 'probable-rename',
  group: 'data safety',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports a column dropped and another of the same type added to the same table in one `upgrade()`, the shape autogenerate writes for a renamed attribute. The dropped column\'s type comes from the schema replay, else from its re-creation in `downgrade()`. Values copied from the old column into the new one (`UPDATE t SET new = old`) make it a rename that loses nothing, provided `downgrade()` copies them back; otherwise the finding is on the downgrade.',
    why: 'Autogenerate cannot tell a rename from a drop and an add: the migration throws the values away and adds an empty column.',
    example: 'def upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.add_column(sa.Column("display_name", sa.String(length=255), nullable=True))\n        batch_op.drop_column("nickname")',
    fix: 'def upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.alter_column("nickname", new_column_name="display_name")',
  },
  check({ upgrade, downgrade, schemaBefore }) {
    const typeOfDropped = (op: DropColumnOp): ColumnType | null | undefined =>
      schemaBefore?.tables.get(op.table)?.columns.get(op.columnName)?.type ??
      downgrade.ops.find((down): down is AddColumnOp => down.kind === 'add_column' && down.table === op.table && down.definition.name === op.columnName)?.definition.type;
    const used = new Set<AddColumnOp>();
    const reports: Report[] = [];
    for (const [index, drop] of upgrade.ops.entries()) {
      if (drop.kind !== 'drop_column') continue;
      const copies = copiedInto(upgrade.ops.slice(0, index), drop.table, drop.columnName);
      if (copies.length > 0) {
        reports.push(...copyBack(upgrade, downgrade, drop, copies));
        continue;
      }
      const type = typeOfDropped(drop);
      if (!type) continue;
      const add = upgrade.ops.find(
        (op): op is AddColumnOp =>
          op.kind === 'add_column' && op.table === drop.table && op.definition.name !== drop.columnName && !used.has(op) && op.definition.type !== null && compareTypes(op.definition.type, type) === 'same',
      );
      if (!add) continue;
      used.add(add);
      const rename = renderOperation({
        kind: 'alter_column',
        line: 0,
        column: 0,
        batch: drop.batch,
        schema: drop.schema,
        table: drop.table,
        columnName: drop.columnName,
        newColumnName: add.definition.name,
        nullable: undefined,
        type: undefined,
        serverDefault: undefined,
        serverDefaultValue: undefined,
        existingType: type,
        existingNullable: undefined,
        existingServerDefault: undefined,
        existingServerDefaultValue: undefined,
      });
      reports.push({
        line: drop.line,
        column: drop.column,
        message: `Column \`${drop.table}.${drop.columnName}\` is dropped and \`${add.definition.name}\` (also ${describeType(type)}) added at line ${add.line}, so if this is a rename every value is lost.`,
        help: `if it is a rename, replace both with \`${rename}\` (and the reverse rename in downgrade())`,
      });
    }
    return reports;
  },
};

import { splitTarget } from '../ops/arguments.js';
import type { Schema, SchemaTable } from '../ops/replay.js';
import type { Operation } from '../ops/types.js';
import type { ModelColumn, ModelTable } from '../../models/parse.js';
import type { UnreadableModel } from './types.js';

/** Helpers shared by the model-agreement rules: the models seen as the migrated schema sees itself. */

export function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * Why the models cannot show that a table is missing (a model file that could not be read may declare it),
 * and the fix that comes first; undefined when every model file was read.
 */
export function unreadableModelsNote(files: UnreadableModel[]): { reason: string; help: string } | undefined {
  const [first, ...others] = files;
  if (!first) return undefined;
  const more = others.length > 0 ? ` (and ${others.length} other model file${others.length === 1 ? '' : 's'})` : '';
  return {
    reason: `the model file ${first.file} cannot be read (line ${first.line})${more}, so what it declares is unknown`,
    help: `fix ${first.file} first (see the finding there); the models are compared again on the next check`,
  };
}

/** `user.id` -> { table: "user", column: "id" }, with `User.id` (a class attribute) mapped to the class's table. */
export function modelTarget(target: string, models: ModelTable[]): { table: string; column: string } {
  const { table, column } = splitTarget(target);
  const byClass = models.find((model) => model.className === table);
  return { table: byClass?.name ?? table, column };
}

/** `sa.String(length=255)` for a model column, for suggested code. */
export function modelTypeCode(column: ModelColumn): string {
  if (!column.type) return '<type>';
  if (column.length === null) return `sa.${column.type}()`;
  return column.type === 'String' || column.type === 'Unicode' ? `sa.${column.type}(length=${column.length})` : `sa.${column.type}(${column.length})`;
}

export function modelColumnCode(column: ModelColumn, models: ModelTable[]): string {
  const parts = [JSON.stringify(column.name), modelTypeCode(column)];
  if (column.foreignKey) {
    const target = modelTarget(column.foreignKey.target, models);
    const ondelete = column.foreignKey.ondelete ? `, ondelete=${JSON.stringify(column.foreignKey.ondelete)}` : '';
    parts.push(`sa.ForeignKey(${JSON.stringify(`${target.table}.${target.column}`)}${ondelete})`);
  }
  parts.push(`nullable=${column.nullable ? 'True' : 'False'}`);
  // the model keeps a quoted default unquoted and an expression (`sa.text("0")`, `func.now()`) as written
  if (column.serverDefault !== null) parts.push(`server_default=${/^[\w.]+\(/.test(column.serverDefault) ? column.serverDefault : JSON.stringify(column.serverDefault)}`);
  return `sa.Column(${parts.join(', ')})`;
}

/** A foreign key created by one operation: from `create_table` columns and constraints, `add_column` or `create_foreign_key`. */
export interface CreatedForeignKey {
  table: string;
  columns: string[];
  referentTable: string;
  referentColumns: string[];
  line: number;
  column: number;
  batch: boolean;
}

export function foreignKeysCreated(ops: Operation[]): CreatedForeignKey[] {
  return ops.flatMap((op): CreatedForeignKey[] => {
    switch (op.kind) {
      case 'create_table':
        return [
          ...op.columns.flatMap((column) => column.foreignKeys.map((fk) => ({ table: op.table, columns: [column.name], referentTable: fk.table, referentColumns: [fk.column], line: column.line, column: column.column, batch: false }))),
          ...op.constraints.flatMap((constraint) =>
            constraint.kind === 'foreignkey' && constraint.referent
              ? [{ table: op.table, columns: constraint.columns, referentTable: constraint.referent.table, referentColumns: constraint.referent.columns, line: constraint.line, column: constraint.column, batch: false }]
              : [],
          ),
        ];
      case 'add_column':
        return op.definition.foreignKeys.map((fk) => ({ table: op.table, columns: [op.definition.name], referentTable: fk.table, referentColumns: [fk.column], line: op.line, column: op.column, batch: op.batch }));
      case 'create_foreign_key':
        return [{ table: op.table, columns: op.localColumns, referentTable: op.referentTable, referentColumns: op.remoteColumns, line: op.line, column: op.column, batch: op.batch }];
      default:
        return [];
    }
  });
}

/** Whether a table (in the schema or the models) has all these columns. */
export function hasColumns(schema: Schema | undefined, models: ModelTable[] | undefined, table: string, columns: string[]): boolean {
  const inSchema = schema?.tables.get(table);
  if (inSchema && columns.every((column) => inSchema.columns.has(column))) return true;
  const model = models?.find((item) => item.name === table);
  return !!model && columns.every((column) => model.columns.some((item) => item.name === column));
}

/** Whether an index, primary key or unique constraint starts with these columns, so lookups by them do not scan the table. */
export function leadingIndex(table: SchemaTable, columns: string[]): boolean {
  const leads = (candidate: string[]) => columns.every((column, index) => candidate[index] === column);
  return table.indexes.some((index) => leads(index.columns)) || table.constraints.some((constraint) => (constraint.kind === 'primary' || constraint.kind === 'unique') && leads(constraint.columns));
}

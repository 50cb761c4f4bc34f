import type { SchemaColumn, SchemaConstraint, SchemaIndex, SchemaTable } from './replay.js';
import type { ColumnDef, ColumnType, ConstraintDef, Operation } from './types.js';

/** Python source for suggested fixes, in the shape Alembic's autogenerate writes. */

function str(value: string): string {
  return JSON.stringify(value);
}

function list(values: string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

function prefix(batch: boolean): string {
  return batch ? 'batch_op' : 'op';
}

function name(value: string | null, viaF: boolean, batch: boolean): string {
  if (value === null) return 'None';
  return viaF ? `${prefix(batch)}.f(${str(value)})` : str(value);
}

export function renderType(type: ColumnType): string {
  return type.text;
}

export function renderColumn(column: ColumnDef): string {
  return column.text;
}

function constraintArgs(constraint: ConstraintDef): string {
  return constraint.name === null ? '' : `, name=${name(constraint.name, constraint.nameViaF, false)}`;
}

export function renderConstraint(constraint: ConstraintDef): string {
  switch (constraint.kind) {
    case 'primary':
      return `sa.PrimaryKeyConstraint(${constraint.columns.map(str).join(', ')}${constraintArgs(constraint)})`;
    case 'unique':
      return `sa.UniqueConstraint(${constraint.columns.map(str).join(', ')}${constraintArgs(constraint)})`;
    case 'check':
      return `sa.CheckConstraint(${str(constraint.condition ?? '')}${constraintArgs(constraint)})`;
    case 'foreignkey': {
      const targets = (constraint.referent?.columns ?? []).map((column) => `${constraint.referent?.table ?? ''}.${column}`);
      const ondelete = constraint.ondelete === null ? '' : `, ondelete=${str(constraint.ondelete)}`;
      return `sa.ForeignKeyConstraint(${list(constraint.columns)}, ${list(targets)}${constraintArgs(constraint)}${ondelete})`;
    }
  }
}

/** `sa.Column(...)` for a column known from the schema replay. */
export function columnFromSchema(column: SchemaColumn): ColumnDef {
  const parts = [str(column.name), column.type ? renderType(column.type) : 'sa.NullType()', `nullable=${column.nullable ? 'True' : 'False'}`];
  if (column.serverDefault !== null) parts.push(`server_default=${column.serverDefault}`);
  return {
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    primaryKey: column.primaryKey,
    unique: false,
    index: false,
    serverDefault: column.serverDefault,
    serverDefaultKind: column.serverDefault === null ? null : 'expression',
    serverDefaultSql: null,
    serverDefaultValue: column.serverDefaultValue,
    foreignKeys: [],
    text: `sa.Column(${parts.join(', ')})`,
    line: column.origin.line,
    column: 1,
  };
}

function args(...parts: Array<string | undefined | false>): string {
  return parts.filter((part): part is string => typeof part === 'string').join(', ');
}

/** One operation as a line of Python (`op.drop_index(op.f("ix_user_bio"), table_name="user")`), in batch form when `op.batch`. */
export function renderOperation(op: Operation): string {
  const p = prefix(op.batch);
  const table = (value: string) => (op.batch ? undefined : str(value));
  switch (op.kind) {
    case 'create_table':
      return `op.create_table(${args(str(op.table), ...op.columns.map(renderColumn), ...op.constraints.map(renderConstraint))})`;
    case 'drop_table':
      return `op.drop_table(${str(op.table)})`;
    case 'rename_table':
      return `op.rename_table(${str(op.table)}, ${str(op.newName)})`;
    case 'add_column':
      return `${p}.add_column(${args(table(op.table), renderColumn(op.definition))})`;
    case 'drop_column':
      return `${p}.drop_column(${args(table(op.table), str(op.columnName))})`;
    case 'alter_column':
      return `${p}.alter_column(${args(
        table(op.table),
        str(op.columnName),
        op.newColumnName !== undefined && `new_column_name=${str(op.newColumnName)}`,
        op.existingType && `existing_type=${renderType(op.existingType)}`,
        op.type && `type_=${renderType(op.type)}`,
        op.existingNullable !== undefined && `existing_nullable=${op.existingNullable ? 'True' : 'False'}`,
        op.nullable !== undefined && `nullable=${op.nullable ? 'True' : 'False'}`,
        op.serverDefault !== undefined && `server_default=${op.serverDefault ?? 'None'}`,
      )})`;
    case 'create_index':
      return `${p}.create_index(${args(name(op.name, op.nameViaF, op.batch), table(op.table), list(op.columns), `unique=${op.unique ? 'True' : 'False'}`)})`;
    case 'drop_index':
      return `${p}.drop_index(${args(name(op.name, op.nameViaF, op.batch), !op.batch && op.table !== null && `table_name=${str(op.table)}`)})`;
    case 'create_foreign_key':
      return `${p}.create_foreign_key(${args(
        name(op.name, op.nameViaF, op.batch),
        table(op.table),
        str(op.referentTable),
        list(op.localColumns),
        list(op.remoteColumns),
        op.ondelete !== null && `ondelete=${str(op.ondelete)}`,
      )})`;
    case 'create_unique_constraint':
      return `${p}.create_unique_constraint(${args(name(op.name, op.nameViaF, op.batch), table(op.table), list(op.columns))})`;
    case 'create_primary_key':
      return `${p}.create_primary_key(${args(name(op.name, op.nameViaF, op.batch), table(op.table), list(op.columns))})`;
    case 'create_check_constraint':
      return `${p}.create_check_constraint(${args(name(op.name, op.nameViaF, op.batch), table(op.table), str(op.condition))})`;
    case 'drop_constraint':
      return `${p}.drop_constraint(${args(name(op.name, op.nameViaF, op.batch), table(op.table), op.type !== null && `type_=${str(op.type)}`)})`;
    case 'execute':
      return `op.execute(sa.text(${str(op.sql ?? '...')}))`;
    case 'bulk_insert':
    case 'table_comment':
    case 'raise':
    case 'opaque':
      return op.kind;
  }
}

/** `with op.batch_alter_table("user", schema=None) as batch_op:`, the block a batch operation belongs in. */
export function batchBlock(table: string): string {
  return `with op.batch_alter_table(${str(table)}, schema=None) as batch_op:`;
}

/** "`line`" or "`line` inside `with op.batch_alter_table(...) as batch_op:`". */
export function placed(op: Operation): string {
  const line = `\`${renderOperation(op)}\``;
  const table = 'table' in op && typeof op.table === 'string' ? op.table : undefined;
  return op.batch && table ? `${line} inside \`${batchBlock(table)}\`` : line;
}

/** The operation that recreates a dropped index, constraint or column, as the schema replay knew it. */
export function recreateIndex(table: string, index: SchemaIndex, batch: boolean): Operation {
  return { kind: 'create_index', line: 0, column: 0, batch, schema: null, name: index.name, nameViaF: true, table, columns: index.columns, unique: index.unique };
}

export function recreateConstraint(table: string, constraint: SchemaConstraint, batch: boolean): Operation {
  const common = { line: 0, column: 0, batch, schema: null, name: constraint.name, nameViaF: constraint.name !== null, table };
  switch (constraint.kind) {
    case 'foreignkey':
      return { ...common, kind: 'create_foreign_key', referentTable: constraint.referent?.table ?? '', localColumns: constraint.columns, remoteColumns: constraint.referent?.columns ?? [], ondelete: constraint.ondelete };
    case 'unique':
      return { ...common, kind: 'create_unique_constraint', columns: constraint.columns };
    case 'primary':
      return { ...common, kind: 'create_primary_key', columns: constraint.columns };
    case 'check':
      return { ...common, kind: 'create_check_constraint', condition: constraint.condition ?? '' };
  }
}

export function recreateTable(table: SchemaTable): Operation {
  return {
    kind: 'create_table',
    line: 0,
    column: 0,
    batch: false,
    schema: null,
    table: table.name,
    columns: [...table.columns.values()].map(columnFromSchema),
    constraints: table.constraints.map((constraint) => ({
      kind: constraint.kind,
      name: constraint.name,
      nameViaF: constraint.name !== null,
      columns: constraint.columns,
      referent: constraint.referent,
      ondelete: constraint.ondelete,
      condition: constraint.condition,
      line: 0,
      column: 0,
    })),
  };
}

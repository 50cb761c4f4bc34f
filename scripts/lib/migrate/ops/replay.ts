import { ancestors, type RevisionGraph } from '../graph.js';
import type { ColumnDef, ColumnType, ConstraintKind, Operation } from './types.js';

/** Where a piece of schema came from. */
export interface Origin {
  file: string;
  line: number;
}

export interface SchemaColumn {
  name: string;
  type: ColumnType | null;
  nullable: boolean;
  primaryKey: boolean;
  serverDefault: string | null;
  origin: Origin;
}

export interface SchemaIndex {
  name: string;
  columns: string[];
  unique: boolean;
  origin: Origin;
}

export interface SchemaConstraint {
  kind: ConstraintKind;
  /** Null for a constraint created without a name (a column's `unique=True` or `ForeignKey`, or `name=None`). */
  name: string | null;
  columns: string[];
  referent: { table: string; columns: string[] } | null;
  ondelete: string | null;
  /** For check constraints: the condition. */
  condition: string | null;
  origin: Origin;
}

export interface SchemaTable {
  name: string;
  columns: Map<string, SchemaColumn>;
  indexes: SchemaIndex[];
  constraints: SchemaConstraint[];
  origin: Origin;
  /** Code touching this table that the replay could not follow (raw DDL, opaque code in its batch block, ...). */
  uncertain: Array<Origin & { reason: string }>;
}

/** The schema a sequence of migrations produces, read from their operations without a database. */
export interface Schema {
  tables: Map<string, SchemaTable>;
  /** Code that may have changed any table: loops, helpers, DDL in `op.execute` whose tables cannot be read, unreadable migrations. */
  uncertain: Array<Origin & { reason: string }>;
}

export interface ReplayStep {
  /** The migration file the operations come from. */
  file: string;
  ops: Operation[];
}

export function emptySchema(): Schema {
  return { tables: new Map(), uncertain: [] };
}

function cloneTable(table: SchemaTable): SchemaTable {
  return {
    ...table,
    columns: new Map([...table.columns].map(([name, column]) => [name, { ...column }])),
    indexes: table.indexes.map((index) => ({ ...index, columns: [...index.columns] })),
    constraints: table.constraints.map((constraint) => ({ ...constraint, columns: [...constraint.columns], referent: constraint.referent && { ...constraint.referent, columns: [...constraint.referent.columns] } })),
    uncertain: [...table.uncertain],
  };
}

export function cloneSchema(schema: Schema): Schema {
  return { tables: new Map([...schema.tables].map(([name, table]) => [name, cloneTable(table)])), uncertain: [...schema.uncertain] };
}

/** Whatever may have changed the table without the replay seeing it. */
export function uncertaintyOf(schema: Schema, table: string): Array<Origin & { reason: string }> {
  return [...schema.uncertain, ...(schema.tables.get(table)?.uncertain ?? [])];
}

/** The column's pieces that live outside it: `unique=True`, `index=True`, `ForeignKey(...)`, named as SQLAlchemy's default convention does. */
function addColumn(table: SchemaTable, column: ColumnDef, origin: Origin, primaryKey: boolean): void {
  table.columns.set(column.name, {
    name: column.name,
    type: column.type,
    nullable: column.nullable && !primaryKey,
    primaryKey: column.primaryKey || primaryKey,
    serverDefault: column.serverDefault,
    origin,
  });
  if (column.index) table.indexes.push({ name: `ix_${table.name}_${column.name}`, columns: [column.name], unique: column.unique, origin });
  else if (column.unique) table.constraints.push({ kind: 'unique', name: null, columns: [column.name], referent: null, ondelete: null, condition: null, origin });
  for (const fk of column.foreignKeys) {
    table.constraints.push({ kind: 'foreignkey', name: null, columns: [column.name], referent: { table: fk.table, columns: [fk.column] }, ondelete: fk.ondelete, condition: null, origin });
  }
}

function renameColumnEverywhere(schema: Schema, table: SchemaTable, from: string, to: string): void {
  const rename = (columns: string[]) => columns.map((name) => (name === from ? to : name));
  for (const index of table.indexes) index.columns = rename(index.columns);
  for (const constraint of table.constraints) constraint.columns = rename(constraint.columns);
  for (const other of schema.tables.values()) {
    for (const constraint of other.constraints) {
      if (constraint.referent?.table === table.name) constraint.referent.columns = rename(constraint.referent.columns);
    }
  }
}

/** Applies one migration's operations to a schema, in place. */
function apply(schema: Schema, step: ReplayStep): void {
  const tableFor = (name: string, origin: Origin): SchemaTable => {
    let table = schema.tables.get(name);
    if (!table) {
      // a table the replay never saw created: created by raw SQL or code it could not follow
      table = { name, columns: new Map(), indexes: [], constraints: [], origin, uncertain: [{ ...origin, reason: `table \`${name}\` is changed here but never created by an operation the replay could follow` }] };
      schema.tables.set(name, table);
    }
    return table;
  };
  for (const op of step.ops) {
    const origin = { file: step.file, line: op.line };
    switch (op.kind) {
      case 'create_table': {
        const primary = new Set(op.constraints.filter((constraint) => constraint.kind === 'primary').flatMap((constraint) => constraint.columns));
        const table: SchemaTable = { name: op.table, columns: new Map(), indexes: [], constraints: [], origin, uncertain: [] };
        for (const column of op.columns) addColumn(table, column, origin, primary.has(column.name));
        for (const constraint of op.constraints) table.constraints.push({ kind: constraint.kind, name: constraint.name, columns: constraint.columns, referent: constraint.referent, ondelete: constraint.ondelete, condition: constraint.condition, origin });
        const keyColumns = op.columns.filter((column) => column.primaryKey).map((column) => column.name);
        if (keyColumns.length > 0 && primary.size === 0) table.constraints.push({ kind: 'primary', name: null, columns: keyColumns, referent: null, ondelete: null, condition: null, origin });
        schema.tables.set(op.table, table);
        break;
      }
      case 'drop_table':
        schema.tables.delete(op.table);
        break;
      case 'rename_table': {
        const table = tableFor(op.table, origin);
        schema.tables.delete(op.table);
        table.name = op.newName;
        schema.tables.set(op.newName, table);
        for (const other of schema.tables.values()) {
          for (const constraint of other.constraints) if (constraint.referent?.table === op.table) constraint.referent.table = op.newName;
        }
        break;
      }
      case 'add_column':
        addColumn(tableFor(op.table, origin), op.definition, origin, false);
        break;
      case 'drop_column': {
        const table = tableFor(op.table, origin);
        table.columns.delete(op.columnName);
        table.indexes = table.indexes.filter((index) => !index.columns.includes(op.columnName));
        table.constraints = table.constraints.filter((constraint) => !constraint.columns.includes(op.columnName));
        break;
      }
      case 'alter_column': {
        const table = tableFor(op.table, origin);
        const column = table.columns.get(op.columnName);
        if (!column) {
          table.uncertain.push({ ...origin, reason: `column \`${op.table}.${op.columnName}\` is altered here but the replay never saw it created` });
          break;
        }
        if (op.nullable !== undefined) column.nullable = op.nullable;
        if (op.type !== undefined) column.type = op.type;
        if (op.serverDefault !== undefined) column.serverDefault = op.serverDefault;
        column.origin = origin;
        if (op.newColumnName !== undefined && op.newColumnName !== op.columnName) {
          table.columns.delete(op.columnName);
          column.name = op.newColumnName;
          table.columns.set(op.newColumnName, column);
          renameColumnEverywhere(schema, table, op.columnName, op.newColumnName);
        }
        break;
      }
      case 'create_index':
        tableFor(op.table, origin).indexes.push({ name: op.name, columns: op.columns, unique: op.unique, origin });
        break;
      case 'drop_index': {
        const tables = op.table !== null ? [tableFor(op.table, origin)] : [...schema.tables.values()];
        for (const table of tables) table.indexes = table.indexes.filter((index) => index.name !== op.name);
        break;
      }
      case 'create_foreign_key':
        tableFor(op.table, origin).constraints.push({
          kind: 'foreignkey',
          name: op.name,
          columns: op.localColumns,
          referent: { table: op.referentTable, columns: op.remoteColumns },
          ondelete: op.ondelete,
          condition: null,
          origin,
        });
        break;
      case 'create_unique_constraint':
      case 'create_primary_key': {
        const table = tableFor(op.table, origin);
        const kind = op.kind === 'create_unique_constraint' ? 'unique' : 'primary';
        table.constraints.push({ kind, name: op.name, columns: op.columns, referent: null, ondelete: null, condition: null, origin });
        if (kind === 'primary') {
          for (const name of op.columns) {
            const column = table.columns.get(name);
            if (column) Object.assign(column, { primaryKey: true, nullable: false });
          }
        }
        break;
      }
      case 'create_check_constraint':
        tableFor(op.table, origin).constraints.push({ kind: 'check', name: op.name, columns: [], referent: null, ondelete: null, condition: op.condition, origin });
        break;
      case 'drop_constraint': {
        const table = tableFor(op.table, origin);
        if (op.name === null) {
          table.uncertain.push({ ...origin, reason: 'a constraint without a name is dropped here' });
          break;
        }
        const dropped = table.constraints.find((constraint) => constraint.name === op.name && (op.type === null || constraint.kind === op.type));
        table.constraints = table.constraints.filter((constraint) => constraint !== dropped);
        if (dropped?.kind === 'primary') for (const name of dropped.columns) Object.assign(table.columns.get(name) ?? {}, { primaryKey: false });
        break;
      }
      case 'execute':
        if (op.ddl === false) break;
        if (op.ddl && op.ddlTables) {
          for (const name of op.ddlTables) tableFor(name, origin).uncertain.push({ ...origin, reason: 'raw DDL in op.execute()' });
        } else schema.uncertain.push({ ...origin, reason: op.ddl ? 'raw DDL in op.execute()' : 'op.execute() with an expression the replay cannot read' });
        break;
      case 'opaque':
        if (op.schemaEffect === 'none') break;
        if (op.table !== null) tableFor(op.table, origin).uncertain.push({ ...origin, reason: op.reason });
        else schema.uncertain.push({ ...origin, reason: op.reason });
        break;
      case 'bulk_insert':
      case 'table_comment':
      case 'raise':
        break;
    }
  }
}

/** Replays migrations' upgrade operations, in order, on top of `start` (an empty schema by default). */
/** The tables the steps can change, or undefined when they may reach any table (renames, unscoped index drops). */
function tablesTouched(steps: ReplayStep[]): Set<string> | undefined {
  const touched = new Set<string>();
  for (const { ops } of steps) {
    for (const op of ops) {
      if (op.kind === 'rename_table' || (op.kind === 'drop_index' && op.table === null)) return undefined;
      if (op.kind === 'alter_column' && op.newColumnName !== undefined && op.newColumnName !== op.columnName) return undefined;
      if (op.kind === 'execute') for (const table of op.ddlTables ?? []) touched.add(table);
      else if ('table' in op && typeof op.table === 'string') touched.add(op.table);
    }
  }
  return touched;
}

/**
 * `start` with the steps applied, `start` itself untouched. Only the tables the steps change are
 * copied: the rest are shared, which keeps replaying a long history one revision at a time linear.
 */
export function replaySchema(steps: ReplayStep[], start: Schema = emptySchema()): Schema {
  const touched = tablesTouched(steps);
  const schema: Schema = touched
    ? { tables: new Map([...start.tables].map(([name, table]) => [name, touched.has(name) ? cloneTable(table) : table])), uncertain: [...start.uncertain] }
    : cloneSchema(start);
  for (const step of steps) apply(schema, step);
  return schema;
}

/**
 * The schema after the given revisions and all their ancestors, in graph order. Revisions missing from
 * `history` (unreadable files) make the result uncertain rather than silently incomplete.
 */
export function replayRevisions(graph: RevisionGraph, history: ReadonlyMap<string, Operation[]>, revisions: readonly string[]): Schema {
  const wanted = ancestors(graph, [...revisions]);
  const schema = emptySchema();
  for (const revision of graph.order) {
    if (!wanted.has(revision)) continue;
    const file = graph.byRevision.get(revision)?.file ?? revision;
    const ops = history.get(revision);
    if (ops) apply(schema, { file, ops });
    else schema.uncertain.push({ file, line: 1, reason: `the operations of revision ${revision} were not read` });
  }
  for (const problem of graph.problems) {
    if (problem.kind === 'revision-cycle') schema.uncertain.push({ file: problem.files[0] ?? '', line: 1, reason: 'revisions in a cycle are left out of the replay' });
    if (problem.kind === 'missing-parent' && wanted.has(problem.revision)) {
      schema.uncertain.push({ file: problem.file, line: 1, reason: `the parent revision ${problem.parent} is missing` });
    }
  }
  return schema;
}


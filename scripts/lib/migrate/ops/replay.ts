import type { RevisionGraph } from '../graph.js';
import { databaseName, type NamedKind, type NamingConvention } from './naming.js';
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
  /** The default as the database sees it (see `defaultValue`). */
  serverDefaultValue: string | null;
  origin: Origin;
}

export interface SchemaIndex {
  name: string;
  /** The name in the database (see `databaseName`): null when it cannot be computed. */
  dbName: string | null;
  columns: string[];
  unique: boolean;
  origin: Origin;
}

export interface SchemaConstraint {
  kind: ConstraintKind;
  /** Null for a constraint created without a name (a column's `unique=True` or `ForeignKey`, or `name=None`). */
  name: string | null;
  /**
   * The name in the database: the naming convention's when the models' MetaData has one (see `databaseName`);
   * undefined when the dialect names it (no name, no convention); null when it cannot be computed.
   */
  dbName: string | null | undefined;
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

/** A constraint as the replay keeps it, its database name computed with the naming convention. */
function constraintOf(
  table: string,
  kind: ConstraintKind,
  name: string | null,
  final: boolean,
  columns: string[],
  rest: Pick<SchemaConstraint, 'referent' | 'ondelete' | 'condition' | 'origin'>,
  convention: NamingConvention | undefined,
): SchemaConstraint {
  return { kind, name, dbName: databaseName({ kind, table, columns, referent: rest.referent, name, final }, convention), columns, ...rest };
}

function indexOf(table: string, name: string, final: boolean, columns: string[], unique: boolean, origin: Origin, convention: NamingConvention | undefined): SchemaIndex {
  return { name, dbName: databaseName({ kind: 'index', table, columns, referent: null, name, final }, convention) ?? name, columns, unique, origin };
}

/** The column as it was before the migration, or why that cannot be known. */
export function priorColumn(before: Schema | undefined, table: string, name: string): { column: SchemaColumn | undefined; unknown: string | undefined } {
  if (!before) return { column: undefined, unknown: 'the earlier migrations were not replayed' };
  const known = before.tables.get(table);
  const column = known?.columns.get(name);
  const blocker = uncertaintyOf(before, table)[0];
  if (blocker) return { column: undefined, unknown: `code at ${blocker.file}:${blocker.line} (${blocker.reason}) may have changed \`${table}\`, and the replay cannot follow it` };
  if (!known) return { column: undefined, unknown: `no earlier migration creates table \`${table}\` (it may come from create_all or SQL outside the migrations)` };
  if (!column) return { column: undefined, unknown: `no earlier migration creates column \`${table}.${name}\`` };
  return { column, unknown: undefined };
}

/** The column's pieces that live outside it: `unique=True`, `index=True`, `ForeignKey(...)`, named as the naming convention (or SQLAlchemy's default) does. */
function addColumn(table: SchemaTable, column: ColumnDef, origin: Origin, primaryKey: boolean, convention: NamingConvention | undefined): void {
  table.columns.set(column.name, {
    name: column.name,
    type: column.type,
    nullable: column.nullable && !primaryKey,
    primaryKey: column.primaryKey || primaryKey,
    serverDefault: column.serverDefault,
    serverDefaultValue: column.serverDefaultValue,
    origin,
  });
  const rest = { referent: null, ondelete: null, condition: null, origin };
  if (column.index) {
    const name = databaseName({ kind: 'index', table: table.name, columns: [column.name], referent: null, name: null, final: false }, convention) ?? `ix_${table.name}_${column.name}`;
    table.indexes.push({ name, dbName: name, columns: [column.name], unique: column.unique, origin });
  } else if (column.unique) table.constraints.push(constraintOf(table.name, 'unique', null, false, [column.name], rest, convention));
  for (const fk of column.foreignKeys) {
    table.constraints.push(constraintOf(table.name, 'foreignkey', fk.name, false, [column.name], { ...rest, referent: { table: fk.table, columns: [fk.column] }, ondelete: fk.ondelete }, convention));
  }
}

/** The database name a drop or create names: `op.f()` names as they are, others through the convention. */
export function namedObject(kind: NamedKind, table: string, name: string | null, final: boolean, convention: NamingConvention | undefined): string | null | undefined {
  return databaseName({ kind, table, columns: [], referent: null, name, final }, convention);
}

/**
 * The constraint a `drop_constraint` names. Strictly: the one whose name in the database is the name the drop
 * sends (what the database will find). Otherwise the one it means: that, else the one created under the name
 * as written (a drop that the naming convention renames fails, but still means that constraint).
 */
export function findConstraint(
  table: SchemaTable | undefined,
  drop: { name: string | null; nameViaF: boolean; type: ConstraintKind | null },
  convention: NamingConvention | undefined,
  strict = false,
): SchemaConstraint | undefined {
  if (!table || drop.name === null) return undefined;
  const fits = (constraint: SchemaConstraint) => drop.type === null || constraint.kind === drop.type;
  const sent = (constraint: SchemaConstraint) => namedObject(constraint.kind, table.name, drop.name, drop.nameViaF, convention);
  const found = table.constraints.find((constraint) => fits(constraint) && constraint.dbName !== null && constraint.dbName !== undefined && constraint.dbName === sent(constraint));
  if (found || strict) return found;
  return table.constraints.find((constraint) => fits(constraint) && constraint.name === drop.name);
}

/** Whether two names (each with whether it is final) give one object in the database, as an upgrade and its downgrade must. */
export function sameDatabaseName(kind: NamedKind, table: string, a: { name: string | null; final: boolean; columns?: string[]; referent?: SchemaConstraint['referent'] }, b: { name: string | null; final: boolean; columns?: string[]; referent?: SchemaConstraint['referent'] }, convention: NamingConvention | undefined): boolean {
  if (a.name === b.name && a.final === b.final) return true;
  const of = (side: typeof a) => databaseName({ kind, table, columns: side.columns ?? [], referent: side.referent ?? null, name: side.name, final: side.final }, convention);
  const left = of(a);
  const right = of(b);
  if (left === undefined && right === undefined) return a.name === b.name;
  return left !== null && left !== undefined && left === right;
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
function apply(schema: Schema, step: ReplayStep, convention: NamingConvention | undefined): void {
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
        for (const column of op.columns) addColumn(table, column, origin, primary.has(column.name), convention);
        for (const constraint of op.constraints) {
          table.constraints.push(constraintOf(op.table, constraint.kind, constraint.name, constraint.nameViaF, constraint.columns, { referent: constraint.referent, ondelete: constraint.ondelete, condition: constraint.condition, origin }, convention));
        }
        const keyColumns = op.columns.filter((column) => column.primaryKey).map((column) => column.name);
        if (keyColumns.length > 0 && primary.size === 0) table.constraints.push(constraintOf(op.table, 'primary', null, false, keyColumns, { referent: null, ondelete: null, condition: null, origin }, convention));
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
        addColumn(tableFor(op.table, origin), op.definition, origin, false, convention);
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
        if (op.serverDefaultValue !== undefined) column.serverDefaultValue = op.serverDefaultValue;
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
        tableFor(op.table, origin).indexes.push(indexOf(op.table, op.name, op.nameViaF, op.columns, op.unique, origin, convention));
        break;
      case 'drop_index': {
        const tables = op.table !== null ? [tableFor(op.table, origin)] : [...schema.tables.values()];
        for (const table of tables) {
          const dbName = namedObject('index', table.name, op.name, op.nameViaF, convention);
          table.indexes = table.indexes.filter((index) => index.name !== op.name && index.dbName !== dbName);
        }
        break;
      }
      case 'create_foreign_key':
        tableFor(op.table, origin).constraints.push(
          constraintOf(op.table, 'foreignkey', op.name, op.nameViaF, op.localColumns, { referent: { table: op.referentTable, columns: op.remoteColumns }, ondelete: op.ondelete, condition: null, origin }, convention),
        );
        break;
      case 'create_unique_constraint':
      case 'create_primary_key': {
        const table = tableFor(op.table, origin);
        const kind = op.kind === 'create_unique_constraint' ? 'unique' : 'primary';
        table.constraints.push(constraintOf(op.table, kind, op.name, op.nameViaF, op.columns, { referent: null, ondelete: null, condition: null, origin }, convention));
        if (kind === 'primary') {
          for (const name of op.columns) {
            const column = table.columns.get(name);
            if (column) Object.assign(column, { primaryKey: true, nullable: false });
          }
        }
        break;
      }
      case 'create_check_constraint':
        tableFor(op.table, origin).constraints.push(constraintOf(op.table, 'check', op.name, op.nameViaF, [], { referent: null, ondelete: null, condition: op.condition, origin }, convention));
        break;
      case 'drop_constraint': {
        const table = tableFor(op.table, origin);
        if (op.name === null) {
          table.uncertain.push({ ...origin, reason: 'a constraint without a name is dropped here' });
          break;
        }
        const dropped = findConstraint(table, op, convention);
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
export function replaySchema(steps: ReplayStep[], start: Schema = emptySchema(), convention?: NamingConvention): Schema {
  const touched = tablesTouched(steps);
  const schema: Schema = touched
    ? { tables: new Map([...start.tables].map(([name, table]) => [name, touched.has(name) ? cloneTable(table) : table])), uncertain: [...start.uncertain] }
    : cloneSchema(start);
  for (const step of steps) apply(schema, step, convention);
  return schema;
}

/** The revisions a revision needs before it runs: its parents and what its `depends_on` names (a revision or a branch label). */
export function requirements(graph: RevisionGraph, revision: string): string[] {
  const header = graph.byRevision.get(revision);
  if (!header) return [];
  const dependencies = header.dependsOn.flatMap((name) => {
    if (graph.byRevision.has(name)) return [name];
    return [...graph.byRevision.values()].filter((other) => other.branchLabels.includes(name) && other.revision !== null).map((other) => other.revision!);
  });
  return [...header.downRevisions, ...dependencies].filter((item) => graph.byRevision.has(item));
}

/** The given revisions and everything they need, dependencies included. */
export function requiredRevisions(graph: RevisionGraph, revisions: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = revisions.filter((revision) => graph.byRevision.has(revision));
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const needed of requirements(graph, next)) if (!seen.has(needed)) stack.push(needed);
  }
  return seen;
}

/** `wanted` in the order Alembic runs them: parents and dependencies first (graph order breaks ties); revisions in a cycle are left out. */
function runOrder(graph: RevisionGraph, wanted: Set<string>): string[] {
  const position = new Map(graph.order.map((revision, index) => [revision, index]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const revision of wanted) {
    const needs = [...new Set(requirements(graph, revision))].filter((needed) => wanted.has(needed));
    waiting.set(revision, needs.length);
    for (const needed of needs) dependents.set(needed, [...(dependents.get(needed) ?? []), revision]);
  }
  const ready = [...wanted].filter((revision) => waiting.get(revision) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(b) ?? 0) - (position.get(a) ?? 0));
    const next = ready.pop()!;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return order;
}

/** What a replay of some revisions runs: each revision's file in order, then the uncertainty the graph's problems add. */
export interface ReplayPlan {
  steps: Array<{ revision: string; file: string }>;
  tail: Array<Origin & { reason: string }>;
}

/** The plan of `replayRevisions`: the given revisions and all they need, in the order Alembic runs them. */
export function replayPlan(graph: RevisionGraph, revisions: readonly string[]): ReplayPlan {
  const wanted = requiredRevisions(graph, revisions);
  const steps = runOrder(graph, wanted).map((revision) => ({ revision, file: graph.byRevision.get(revision)?.file ?? revision }));
  const tail: ReplayPlan['tail'] = [];
  for (const problem of graph.problems) {
    if (problem.kind === 'revision-cycle') tail.push({ file: problem.files[0] ?? '', line: 1, reason: 'revisions in a cycle are left out of the replay' });
    if (problem.kind === 'missing-parent' && wanted.has(problem.revision)) tail.push({ file: problem.file, line: 1, reason: `the parent revision ${problem.parent} is missing` });
  }
  return { steps, tail };
}

/** The schema a plan produces from the operations in `history`; a revision missing there makes it uncertain rather than silently incomplete. */
export function runPlan(plan: ReplayPlan, history: ReadonlyMap<string, Operation[]>, convention?: NamingConvention): Schema {
  const schema = emptySchema();
  for (const { revision, file } of plan.steps) {
    const ops = history.get(revision);
    if (ops) apply(schema, { file, ops }, convention);
    else schema.uncertain.push({ file, line: 1, reason: `the operations of revision ${revision} were not read` });
  }
  schema.uncertain.push(...plan.tail);
  return schema;
}

/**
 * The schema after the given revisions and all they need (parents and `depends_on`), in the order Alembic
 * runs them. Revisions missing from `history` (unreadable files) make the result uncertain rather than
 * silently incomplete.
 */
export function replayRevisions(graph: RevisionGraph, history: ReadonlyMap<string, Operation[]>, revisions: readonly string[], convention?: NamingConvention): Schema {
  return runPlan(replayPlan(graph, revisions), history, convention);
}

/** A schema as plain JSON (its maps as entry lists), for the cache. */
export interface StoredSchema {
  tables: Array<[string, Omit<SchemaTable, 'columns'> & { columns: Array<[string, SchemaColumn]> }]>;
  uncertain: Schema['uncertain'];
}

export function storedSchema(schema: Schema): StoredSchema {
  return { tables: [...schema.tables].map(([name, table]) => [name, { ...table, columns: [...table.columns] }]), uncertain: schema.uncertain };
}

export function schemaOfStored(stored: StoredSchema): Schema {
  return { tables: new Map(stored.tables.map(([name, table]) => [name, { ...table, columns: new Map(table.columns) }])), uncertain: stored.uncertain };
}

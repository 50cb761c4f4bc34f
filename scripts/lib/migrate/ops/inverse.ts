import { databaseName, type NamingConvention } from './naming.js';
import { columnFromSchema, recreateConstraint, recreateIndex, recreateTable } from './render.js';
import { findConstraint, priorColumn, sameDatabaseName, type Schema, type SchemaColumn, type SchemaTable } from './replay.js';
import { tokenizeSql } from './sql.js';
import { compareTypes, describeType } from './sqltypes.js';
import type { AlterColumnOp, ColumnType, ConstraintKind, Operation } from './types.js';

/** What undoes one upgrade operation (or one aspect of an `alter_column`). */
export interface Expectation {
  /** The operation that undoes it, for messages and suggested code. */
  inverse: Operation;
  /** What is left behind when the inverse is missing: "leaves index `ix_user_bio` behind". */
  consequence: string;
  /** Whether a downgrade operation is (an attempt at) the inverse. */
  matches(candidate: Operation): boolean;
  /** How a matching operation differs from the exact inverse, or undefined when it is exact. */
  difference(candidate: Operation): string | undefined;
  /** Several expectations may share one downgrade operation (`alter_column` aspects). */
  shared: boolean;
  /**
   * Why what existed before cannot be known (the history never created the column, or code the replay
   * cannot follow changed it): a missing inverse is then a "cannot verify", not an error.
   */
  unknownPrior?: string;
  /** What the unknown prior state is about, for the "cannot verify" message: "the nullability of `user.email`". */
  about?: string;
}

/** Operations that change the schema (as opposed to data, notes and code the model cannot follow). */
export function changesSchema(op: Operation): boolean {
  if (op.kind === 'execute') return op.ddl === true;
  return !['bulk_insert', 'raise', 'opaque', 'table_comment'].includes(op.kind);
}

const constraintCreators: Record<ConstraintKind, Operation['kind']> = {
  foreignkey: 'create_foreign_key',
  unique: 'create_unique_constraint',
  check: 'create_check_constraint',
  primary: 'create_primary_key',
};

const constraintWords: Record<ConstraintKind, string> = { foreignkey: 'foreign key', unique: 'unique constraint', check: 'check constraint', primary: 'primary key' };

function quoted(name: string | null): string {
  return name === null ? 'without a name' : `\`${name}\``;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function at(op: { line: number; column: number; batch: boolean; schema: string | null }) {
  return { line: op.line, column: op.column, batch: op.batch, schema: op.schema };
}

function columnDifference(label: string, was: SchemaColumn, type: ColumnType | null, nullable: boolean): string | undefined {
  const differences: string[] = [];
  if (was.type && type && compareTypes(was.type, type) === 'different') differences.push(`type ${describeType(type)} instead of ${describeType(was.type)}`);
  if (was.nullable !== nullable) differences.push(nullable ? 'NULL instead of NOT NULL' : 'NOT NULL instead of NULL');
  return differences.length ? `${label}: ${differences.join(', ')}` : undefined;
}

function tableDifference(was: SchemaTable, candidate: Operation): string | undefined {
  if (candidate.kind !== 'create_table') return undefined;
  const differences: string[] = [];
  const names = new Set(candidate.columns.map((column) => column.name));
  for (const name of was.columns.keys()) if (!names.has(name)) differences.push(`column \`${name}\` is missing`);
  for (const column of candidate.columns) {
    const before = was.columns.get(column.name);
    if (!before) differences.push(`column \`${column.name}\` did not exist`);
    else {
      const difference = columnDifference(`column \`${column.name}\``, before, column.type, column.nullable);
      if (difference) differences.push(difference);
    }
  }
  return differences.length ? differences.slice(0, 3).join('; ') : undefined;
}

function findIndex(before: Schema | undefined, table: string | null, name: string) {
  const tables = table !== null ? [before?.tables.get(table)] : [...(before?.tables.values() ?? [])];
  for (const candidate of tables) {
    const index = candidate?.indexes.find((item) => item.name === name);
    if (candidate && index) return { table: candidate.name, index };
  }
  return undefined;
}

function alterExpectations(op: AlterColumnOp, before: Schema | undefined): Expectation[] {
  const renamed = op.newColumnName !== undefined && op.newColumnName !== op.columnName;
  const current = op.newColumnName ?? op.columnName;
  const prior = priorColumn(before, op.table, op.columnName);
  const was = prior.column;
  const priorType = op.existingType ?? was?.type ?? undefined;
  const priorNullable = op.existingNullable ?? was?.nullable;
  // the default before: what existing_server_default says, else the replay's; unknown without either
  const priorDefault = op.existingServerDefault !== undefined ? { text: op.existingServerDefault, value: op.existingServerDefaultValue ?? null } : was ? { text: was.serverDefault, value: was.serverDefaultValue } : undefined;
  const restoredNullable = op.nullable === undefined ? undefined : (priorNullable ?? !op.nullable);
  const inverse: AlterColumnOp = {
    ...op,
    ...at(op),
    columnName: current,
    newColumnName: renamed ? op.columnName : undefined,
    type: op.type ? (priorType ?? { name: 'previous type', length: null, text: '<the previous type>' }) : undefined,
    existingType: op.type ?? undefined,
    nullable: restoredNullable,
    existingNullable: op.nullable,
    serverDefault: op.serverDefault !== undefined ? (priorDefault ? priorDefault.text : '<the previous default>') : undefined,
    serverDefaultValue: op.serverDefault !== undefined ? (priorDefault?.value ?? null) : undefined,
    existingServerDefault: undefined,
    existingServerDefaultValue: undefined,
  };
  const column = `\`${op.table}.${current}\``;
  const onColumn = (candidate: Operation): candidate is AlterColumnOp =>
    candidate.kind === 'alter_column' && candidate.table === op.table && (candidate.columnName === current || candidate.columnName === op.columnName);
  const expectations: Expectation[] = [];
  const expect = (consequence: string, has: (candidate: AlterColumnOp) => boolean, difference: (candidate: AlterColumnOp) => string | undefined, unknown?: { reason: string; about: string }) =>
    expectations.push({
      inverse,
      consequence,
      shared: true,
      matches: (candidate) => onColumn(candidate) && has(candidate),
      difference: (candidate) => (candidate.kind === 'alter_column' ? difference(candidate) : undefined),
      ...(unknown ? { unknownPrior: unknown.reason, about: unknown.about } : {}),
    });
  if (renamed) {
    expect(
      `leaves the column named \`${current}\` instead of \`${op.columnName}\``,
      (candidate) => candidate.columnName === current && candidate.newColumnName !== undefined,
      (candidate) => (candidate.newColumnName !== op.columnName ? `it renames \`${current}\` to \`${candidate.newColumnName}\`, not back to \`${op.columnName}\`` : undefined),
    );
  }
  if (op.type) {
    expect(
      `leaves ${column} as ${describeType(op.type)}`,
      (candidate) => candidate.type !== undefined,
      (candidate) =>
        priorType && candidate.type && compareTypes(candidate.type, priorType) === 'different'
          ? `it restores ${column} as ${describeType(candidate.type)}, but it was ${describeType(priorType)}`
          : undefined,
    );
  }
  if (op.nullable !== undefined && priorNullable === undefined) {
    // never judged against a guess: without the earlier state, only a missing inverse is worth a note
    expect(`leaves ${column} ${op.nullable ? 'nullable' : 'NOT NULL'}`, (candidate) => candidate.nullable !== undefined, () => undefined, { reason: prior.unknown ?? 'its earlier state is unknown', about: `the nullability of ${column}` });
  } else if (op.nullable !== undefined && priorNullable !== op.nullable) {
    expect(
      `leaves ${column} ${op.nullable ? 'nullable' : 'NOT NULL'}`,
      (candidate) => candidate.nullable !== undefined,
      (candidate) => (candidate.nullable !== priorNullable ? `it sets nullable=${candidate.nullable ? 'True' : 'False'}, but the column was ${priorNullable ? 'nullable' : 'NOT NULL'}` : undefined),
    );
  }
  if (op.serverDefault !== undefined && priorDefault === undefined) {
    expect(`leaves ${column} with the new server default`, (candidate) => candidate.serverDefault !== undefined, () => undefined, { reason: prior.unknown ?? 'its earlier state is unknown', about: `the server default of ${column}` });
  } else if (op.serverDefault !== undefined && priorDefault && op.serverDefaultValue !== priorDefault.value) {
    const shown = (text: string | null) => (text === null ? 'none' : `\`${text}\``);
    expect(
      `leaves ${column} with the new server default`,
      (candidate) => candidate.serverDefault !== undefined,
      (candidate) =>
        candidate.serverDefaultValue !== priorDefault.value ? `it sets the server default of ${column} to ${shown(candidate.serverDefault ?? null)}, but it was ${shown(priorDefault.text)}` : undefined,
    );
  }
  return expectations;
}

/** What a constraint-creating operation names its constraint from, for its name in the database. */
function createdParts(op: Operation): { columns: string[]; referent: { table: string; columns: string[] } | null } {
  if (op.kind === 'create_foreign_key') return { columns: op.localColumns, referent: { table: op.referentTable, columns: op.remoteColumns } };
  if (op.kind === 'create_unique_constraint' || op.kind === 'create_primary_key') return { columns: op.columns, referent: null };
  return { columns: [], referent: null };
}

/** A CHECK condition as SQL tokens, so that spacing and keyword case do not count as a difference. */
function sameCondition(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  const tokens = (sql: string) => tokenizeSql(sql).map((token) => token.text).join(' ');
  return tokens(a) === tokens(b);
}

/** What undoes `op`, given the schema before the migration (for the definitions of dropped things); empty for data and unknown code. */
export function expectationsOf(op: Operation, before: Schema | undefined, convention?: NamingConvention): Expectation[] {
  const plain = (inverse: Operation, consequence: string, matches: (candidate: Operation) => boolean, difference: (candidate: Operation) => string | undefined = () => undefined): Expectation[] => [
    { inverse, consequence, matches, difference, shared: false },
  ];
  switch (op.kind) {
    case 'create_table':
      return plain({ kind: 'drop_table', ...at(op), batch: false, table: op.table }, `leaves table \`${op.table}\` behind and the next upgrade fails because it already exists`, (d) => d.kind === 'drop_table' && d.table === op.table);
    case 'drop_table': {
      const was = before?.tables.get(op.table);
      const inverse = was ? recreateTable(was) : ({ kind: 'create_table', ...at(op), table: op.table, columns: [], constraints: [] } as Operation);
      return plain(inverse, `does not bring table \`${op.table}\` back`, (d) => d.kind === 'create_table' && d.table === op.table, (d) => {
        const difference = was ? tableDifference(was, d) : undefined;
        return difference && `it recreates \`${op.table}\` with ${difference}`;
      });
    }
    case 'rename_table':
      return plain({ ...op, table: op.newName, newName: op.table }, `leaves the table named \`${op.newName}\``, (d) => d.kind === 'rename_table' && d.table === op.newName && d.newName === op.table);
    case 'add_column':
      return plain(
        { kind: 'drop_column', ...at(op), table: op.table, columnName: op.definition.name },
        `leaves column \`${op.table}.${op.definition.name}\` behind and the next upgrade fails because it already exists`,
        (d) => d.kind === 'drop_column' && d.table === op.table && d.columnName === op.definition.name,
      );
    case 'drop_column': {
      const was = before?.tables.get(op.table)?.columns.get(op.columnName);
      const definition = was
        ? columnFromSchema(was)
        : {
            ...columnFromSchema({ name: op.columnName, type: null, nullable: true, primaryKey: false, serverDefault: null, serverDefaultValue: null, origin: { file: '', line: op.line } }),
            text: `sa.Column(${JSON.stringify(op.columnName)}, <its type>, nullable=<as before>)`,
          };
      return plain(
        { kind: 'add_column', ...at(op), table: op.table, definition, inlineReferences: false },
        `does not bring column \`${op.table}.${op.columnName}\` back`,
        (d) => d.kind === 'add_column' && d.table === op.table && d.definition.name === op.columnName,
        (d) => (was && d.kind === 'add_column' ? columnDifference(`it re-adds \`${op.table}.${op.columnName}\` with`, was, d.definition.type, d.definition.nullable) : undefined),
      );
    }
    case 'alter_column':
      return alterExpectations(op, before);
    case 'create_index':
      return plain(
        { kind: 'drop_index', ...at(op), name: op.name, nameViaF: op.nameViaF, table: op.table },
        `leaves index \`${op.name}\` behind (or fails to drop its column) and the next upgrade fails because it already exists`,
        (d) => d.kind === 'drop_index' && (d.table === null || d.table === op.table) && sameDatabaseName('index', op.table, { name: op.name, final: op.nameViaF, columns: op.columns }, { name: d.name, final: d.nameViaF }, convention),
      );
    case 'drop_index': {
      const found = findIndex(before, op.table, op.name);
      const inverse: Operation = found
        ? recreateIndex(found.table, found.index, op.batch)
        : { kind: 'create_index', ...at(op), name: op.name, nameViaF: op.nameViaF, table: op.table ?? '<table>', columns: ['<its columns>'], unique: false };
      const table = found?.table ?? op.table ?? '';
      const same = (d: Operation) => d.kind === 'create_index' && sameDatabaseName('index', table, { name: d.name, final: d.nameViaF, columns: d.columns }, { name: op.name, final: op.nameViaF }, convention);
      return plain(inverse, `does not bring index \`${op.name}\` back`, (d) => d.kind === 'create_index' && (d.name === op.name || same(d)), (d) => {
        if (!found || d.kind !== 'create_index') return undefined;
        if (!sameList(d.columns, found.index.columns)) return `it recreates \`${op.name}\` on (${d.columns.join(', ')}) instead of (${found.index.columns.join(', ')})`;
        if (d.unique !== found.index.unique) return `it recreates \`${op.name}\` ${d.unique ? 'unique' : 'not unique'}, but it was ${found.index.unique ? 'unique' : 'not unique'}`;
        return undefined;
      });
    }
    case 'create_foreign_key':
    case 'create_unique_constraint':
    case 'create_check_constraint':
    case 'create_primary_key': {
      const kind = (Object.entries(constraintCreators).find(([, creator]) => creator === op.kind)?.[0] ?? 'unique') as ConstraintKind;
      return plain(
        { kind: 'drop_constraint', ...at(op), name: op.name, nameViaF: op.nameViaF, table: op.table, type: kind },
        `leaves ${constraintWords[kind]} ${quoted(op.name)} behind and the next upgrade fails because it already exists`,
        (d) =>
          d.kind === 'drop_constraint' &&
          d.table === op.table &&
          sameDatabaseName(kind, op.table, { name: op.name, final: op.nameViaF, ...createdParts(op) }, { name: d.name, final: d.nameViaF }, convention),
        (d) => (d.kind === 'drop_constraint' && d.type !== null && d.type !== kind ? `it drops ${quoted(op.name)} with type_="${d.type}", but it is a ${constraintWords[kind]} (type_="${kind}")` : undefined),
      );
    }
    case 'drop_constraint': {
      const was = findConstraint(before?.tables.get(op.table), op, convention);
      const kind = was?.kind ?? op.type;
      const creators = kind ? [constraintCreators[kind]] : Object.values(constraintCreators);
      const inverse: Operation = was
        ? recreateConstraint(op.table, was, op.batch)
        : { kind: 'create_unique_constraint', ...at(op), name: op.name, nameViaF: op.nameViaF, table: op.table, columns: ['<its columns>'] };
      return plain(
        inverse,
        `does not bring ${kind ? constraintWords[kind] : 'constraint'} ${quoted(op.name)} back`,
        (d) => {
          if (!creators.includes(d.kind) || !('table' in d) || d.table !== op.table || !('nameViaF' in d)) return false;
          const created = { name: d.name as string | null, final: d.nameViaF, ...createdParts(d) };
          const dKind = (Object.entries(constraintCreators).find(([, creator]) => creator === d.kind)?.[0] ?? 'unique') as ConstraintKind;
          // the constraint it means (see findConstraint): recreated when the database names it alike, or under the name the drop wrote
          if (was && was.dbName !== null && was.dbName !== undefined && databaseName({ kind: dKind, table: op.table, columns: created.columns, referent: created.referent, name: created.name, final: created.final }, convention) === was.dbName) return true;
          return sameDatabaseName(dKind, op.table, created, { name: op.name, final: op.nameViaF }, convention);
        },
        (d) => {
          if (!was) return undefined;
          if (d.kind === 'create_foreign_key' && was.referent && (d.referentTable !== was.referent.table || !sameList(d.remoteColumns, was.referent.columns) || !sameList(d.localColumns, was.columns))) {
            return `it recreates ${quoted(op.name)} as (${d.localColumns.join(', ')}) -> ${d.referentTable}(${d.remoteColumns.join(', ')}) instead of (${was.columns.join(', ')}) -> ${was.referent.table}(${was.referent.columns.join(', ')})`;
          }
          if ((d.kind === 'create_unique_constraint' || d.kind === 'create_primary_key') && !sameList(d.columns, was.columns)) {
            return `it recreates ${quoted(op.name)} on (${d.columns.join(', ')}) instead of (${was.columns.join(', ')})`;
          }
          if (d.kind === 'create_check_constraint' && !sameCondition(d.condition, was.condition)) {
            return `it recreates ${quoted(op.name)} as \`${d.condition}\` instead of \`${was.condition}\``;
          }
          return undefined;
        },
      );
    }
    default:
      return [];
  }
}

/** The tables and columns an operation touches: two operations that share one must be undone in reverse order. */
export interface Touches {
  /** Tables the operation creates, drops or renames as a whole. */
  whole: string[];
  tables: string[];
  /** `table.column`. */
  columns: string[];
}

export function touches(op: Operation): Touches {
  const col = (table: string, names: string[]) => names.map((name) => `${table}.${name}`);
  switch (op.kind) {
    case 'create_table': {
      const fks = [...op.columns.flatMap((column) => column.foreignKeys.map((fk) => ({ table: fk.table, columns: [fk.column] }))), ...op.constraints.flatMap((c) => (c.referent ? [c.referent] : []))];
      return { whole: [op.table], tables: [op.table, ...fks.map((fk) => fk.table)], columns: [...col(op.table, op.columns.map((column) => column.name)), ...fks.flatMap((fk) => col(fk.table, fk.columns))] };
    }
    case 'drop_table':
      return { whole: [op.table], tables: [op.table], columns: [] };
    case 'rename_table':
      return { whole: [op.table, op.newName], tables: [op.table, op.newName], columns: [] };
    case 'add_column': {
      const fks = op.definition.foreignKeys;
      return { whole: [], tables: [op.table, ...fks.map((fk) => fk.table)], columns: [...col(op.table, [op.definition.name]), ...fks.map((fk) => `${fk.table}.${fk.column}`)] };
    }
    case 'drop_column':
      return { whole: [], tables: [op.table], columns: col(op.table, [op.columnName]) };
    case 'alter_column':
      return { whole: [], tables: [op.table], columns: col(op.table, [op.columnName, ...(op.newColumnName ? [op.newColumnName] : [])]) };
    case 'create_index':
    case 'create_unique_constraint':
    case 'create_primary_key':
      return { whole: [], tables: [op.table], columns: col(op.table, op.columns) };
    case 'create_foreign_key':
      return { whole: [], tables: [op.table, op.referentTable], columns: [...col(op.table, op.localColumns), ...col(op.referentTable, op.remoteColumns)] };
    case 'drop_index':
      return { whole: [], tables: op.table ? [op.table] : [], columns: [] };
    case 'create_check_constraint':
    case 'drop_constraint':
      return { whole: [], tables: [op.table], columns: [] };
    default:
      return { whole: [], tables: [], columns: [] };
  }
}

/** Whether the order of two operations matters: one creates or drops what the other uses. */
export function related(a: Operation, b: Operation): boolean {
  const x = touches(a);
  const y = touches(b);
  return x.whole.some((table) => y.tables.includes(table)) || y.whole.some((table) => x.tables.includes(table)) || x.columns.some((column) => y.columns.includes(column));
}

import type { Dialect } from '../../../discover/types.js';
import { postgresCheckName, postgresDefaultNames, type NamingConvention } from '../../ops/naming.js';
import { findConstraint, namedObject, replaySchema, uncertaintyOf, type Schema, type SchemaTable } from '../../ops/replay.js';
import type { DropConstraintOp, DropIndexOp, FunctionOps, Operation } from '../../ops/types.js';
import { code, unknownState } from '../helpers.js';
import type { Report, Rule } from '../types.js';

const words = { foreignkey: 'foreign key', unique: 'unique constraint', check: 'check constraint', primary: 'primary key' } as const;

function never(drop: DropConstraintOp): Report {
  return {
    line: drop.line,
    column: drop.column,
    message: `${code(drop)} can never run: Alembic needs the constraint's name and raises before any SQL is sent (CompileError; in batch mode "Constraint must have a name").`,
    help: "pass the constraint's real name (PostgreSQL names unnamed ones `<table>_<column>_fkey` / `<table>_<column>_key`), and name constraints where they are created (op.f(...), or a naming_convention on the models' MetaData)",
  };
}

/** Whether a constraint created without a name may carry `name` on this dialect (PostgreSQL's own names). */
function dialectNamed(table: SchemaTable, drop: DropConstraintOp | DropIndexOp, dialect: Dialect | undefined): boolean {
  if (dialect !== undefined && dialect !== 'postgresql') return false;
  const type = drop.kind === 'drop_constraint' ? drop.type : null;
  return table.constraints.some(
    (constraint) =>
      constraint.dbName === undefined &&
      (type === null || constraint.kind === type) &&
      (constraint.kind === 'check' ? postgresCheckName(drop.name ?? '', table.name, table.columns.keys()) : postgresDefaultNames(constraint.kind, table.name, constraint.columns).includes(drop.name ?? '')),
  );
}

/**
 * Constraints whose name in the database this reading cannot tell: a convention token it does not know, or a
 * constraint created without a name on a dialect other than PostgreSQL (whose names it knows) and SQLite (which
 * keeps none). For an index, PostgreSQL's and SQLite's unnamed constraints are no index one could drop.
 */
function namesUnknown(table: SchemaTable, drop: DropConstraintOp | DropIndexOp, dialect: Dialect | undefined): string | undefined {
  const type = drop.kind === 'drop_constraint' ? drop.type : null;
  const dialectPicks = dialect !== 'sqlite' && dialect !== 'postgresql';
  const unnamed = table.constraints.filter((constraint) => (type === null || constraint.kind === type) && (constraint.dbName === null || (constraint.dbName === undefined && dialectPicks)));
  const first = unnamed[0];
  if (!first) return undefined;
  return `\`${table.name}\` has a ${words[first.kind]} created without a name (${first.origin.file}:${first.origin.line}), whose name in the database the ${dialect ?? 'target'} dialect chooses`;
}

/** Whether the name the drop sends is one the database has (the naming convention applied as Alembic applies it). */
function exists(table: SchemaTable, drop: DropConstraintOp | DropIndexOp, convention: NamingConvention | undefined): boolean {
  if (drop.kind === 'drop_constraint') return findConstraint(table, drop, convention, true) !== undefined;
  const dbName = namedObject('index', table.name, drop.name, drop.nameViaF, convention);
  // MySQL and SQLite keep unique constraints and foreign keys as indexes of the same name
  return table.indexes.some((index) => index.dbName === dbName) || table.constraints.some((constraint) => constraint.dbName === dbName);
}

function what(drop: DropConstraintOp | DropIndexOp): string {
  return drop.kind === 'drop_index' ? `index \`${drop.name}\`` : `${drop.type ? words[drop.type] : 'constraint'} \`${drop.name}\``;
}

function known(table: SchemaTable, drop: DropConstraintOp | DropIndexOp): string {
  const names = drop.kind === 'drop_index' ? table.indexes.map((index) => index.name) : table.constraints.flatMap((constraint) => (constraint.dbName ?? constraint.name ? [constraint.dbName ?? constraint.name!] : []));
  return names.length > 0 ? `it has ${names.map((name) => `\`${name}\``).join(', ')}` : `it has no ${drop.kind === 'drop_index' ? 'index' : 'named constraint'}`;
}

/** One drop against the schema at that point of the function. */
function checkDrop(drop: DropConstraintOp | DropIndexOp, state: Schema, fn: FunctionOps, dialect: Dialect | undefined, convention: NamingConvention | undefined): Report | undefined {
  const inFunction = `${fn.name}()`;
  const tables = drop.table !== null ? [state.tables.get(drop.table)].filter((table): table is SchemaTable => !!table) : [...state.tables.values()];
  if (tables.some((table) => exists(table, drop, convention) || dialectNamed(table, drop, dialect))) return undefined;
  const help = `drop it by the name it was created with${drop.table ? '' : ' (and pass table_name)'}, or remove the drop if nothing creates it`;
  const blocker = (drop.table !== null ? uncertaintyOf(state, drop.table) : state.uncertain)[0];
  if (blocker) return unknownState(drop, `that ${what(drop)} exists when ${inFunction} drops it`, `code at ${blocker.file}:${blocker.line} (${blocker.reason}) may have created it, and the replay cannot follow it`, help);
  const table = tables[0];
  if (drop.table !== null && !table) {
    return unknownState(drop, `that ${what(drop)} exists when ${inFunction} drops it`, `no earlier migration creates table \`${drop.table}\` (it may come from create_all or SQL outside the migrations), so what it holds is unknown`, help);
  }
  const unknown = table ? namesUnknown(table, drop, dialect) : undefined;
  if (unknown) return unknownState(drop, `that ${what(drop)} exists when ${inFunction} drops it`, unknown, help);
  const kind = drop.kind === 'drop_index' ? 'index' : (drop.type ?? 'check');
  const expanded = table ? namedObject(kind, table.name, drop.name, drop.nameViaF, convention) : undefined;
  const meant = table && expanded !== drop.name && [...table.constraints, ...table.indexes].some((item) => item.dbName === drop.name);
  if (meant) {
    return {
      line: drop.line,
      column: drop.column,
      message: `${inFunction} drops ${what(drop)}, but the models' naming convention makes Alembic drop \`${expanded}\` instead (the name is run through the convention again), so the drop fails.`,
      help: `mark the name as final: \`${drop.batch ? 'batch_op' : 'op'}.f(${JSON.stringify(drop.name)})\`, as autogenerate writes it`,
    };
  }
  return {
    line: drop.line,
    column: drop.column,
    message: `${inFunction} drops ${what(drop)}${table ? ` of \`${table.name}\`` : ''}, which the migrations before it never create (${table ? known(table, drop) : 'no table has it'}), so the drop fails.`,
    help,
  };
}

/** Names of indexes and constraints on the tables an operation touches. */
function namesOn(state: Schema, op: Operation): Set<string> {
  const table = 'table' in op && typeof op.table === 'string' ? state.tables.get(op.table) : undefined;
  return new Set(table ? [...table.indexes.map((index) => index.dbName), ...table.constraints.map((constraint) => constraint.dbName)].filter((name): name is string => typeof name === 'string') : []);
}

function checkFunction(fn: FunctionOps, start: Schema | undefined, file: string, dialect: Dialect | undefined, convention: NamingConvention | undefined): Report[] {
  const reports: Report[] = [];
  let state = start;
  // indexes and constraints that went with a column or table an earlier operation of this function dropped
  const removedWith = new Map<string, Operation>();
  for (const op of fn.ops) {
    if (op.kind === 'drop_constraint' && op.name === null) reports.push(never(op));
    else if ((op.kind === 'drop_constraint' || op.kind === 'drop_index') && state) {
      const gone = removedWith.get(namedObject(op.kind === 'drop_index' ? 'index' : (op.type ?? 'check'), op.table ?? '', op.name, op.nameViaF, convention) ?? '');
      const report = gone ? alreadyGone(op, gone, fn) : checkDrop(op, state, fn, dialect, convention);
      if (report) reports.push(report);
    }
    if (!state) continue;
    const before = op.kind === 'drop_column' || op.kind === 'drop_table' ? namesOn(state, op) : undefined;
    state = replaySchema([{ file, ops: [op] }], state, convention);
    if (before) {
      const after = namesOn(state, op);
      for (const name of before) if (!after.has(name)) removedWith.set(name, op);
    }
  }
  return reports;
}

/** A drop of what an earlier drop of its column or table took along. */
function alreadyGone(drop: DropConstraintOp | DropIndexOp, gone: Operation, fn: FunctionOps): Report {
  return {
    line: drop.line,
    column: drop.column,
    message: `${fn.name}() drops ${what(drop)} after ${code(gone)} (line ${gone.line}) took it along with its ${gone.kind === 'drop_table' ? 'table' : 'column'}, so the drop fails (and SQLite's batch mode cannot drop the column while the ${drop.kind === 'drop_index' ? 'index' : 'constraint'} is there).`,
    help: `move it before line ${gone.line}`,
  };
}

export const dropUnknownName: Rule = {
  id: 'drop-unknown-name',
  group: 'reversibility',
  defaultSeverity: 'error',
  docs: {
    what: "Reports `drop_constraint(None, ...)`, which can never run, and a `drop_index` or `drop_constraint` (in `upgrade()` or `downgrade()`) of a name that the replayed history never created at that point, naming convention and PostgreSQL's own names for unnamed constraints included. Where the history cannot tell (a table created outside the migrations, code the replay cannot follow, a name the dialect picks), an info says \"cannot verify\" and why.",
    why: 'Alembic raises on a drop without a name, and the database refuses to drop what does not exist: the migration (or, worse, the downgrade someone needs in a hurry) fails halfway. Autogenerate writes `drop_constraint(None, ...)` for constraints created without a name.',
    example: 'def downgrade():\n    op.drop_constraint(None, "post", type_="foreignkey")\n    op.drop_index("ix_post_titel", table_name="post")',
    fix: 'def downgrade():\n    op.drop_constraint("fk_post_user_id_user", "post", type_="foreignkey")\n    op.drop_index("ix_post_title", table_name="post")',
  },
  check({ upgrade, downgrade, schemaBefore, schemaAfter, file, dialect, namingConvention }) {
    return [...checkFunction(upgrade, schemaBefore, file, dialect, namingConvention), ...checkFunction(downgrade, schemaAfter, file, dialect, namingConvention)];
  },
};

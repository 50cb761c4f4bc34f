import { callParts, dottedName, lastName, literal, position, type Node } from '../../parse/python.js';
import {
  bindArguments,
  constraintName,
  defaultValue,
  indexColumns,
  isColumnCall,
  optionalBool,
  optionalString,
  readColumn,
  readConstraint,
  readType,
  requiredString,
  stringList,
  Unfollowable,
} from './arguments.js';
import { readImports } from './names.js';
import { effectOf, holdsDdl, mentions, type EffectScope } from './effect.js';
import { summarizeSql } from './sql.js';
import { expressionWrites } from './writes.js';
import { topLevelAssignments } from '../header.js';
import type { ColumnDef, ConstraintDef, ConstraintKind, FunctionOps, MigrationOps, Operation } from './types.js';

/** Where a call runs: plain `op.*`, or `batch_op.*` inside `with op.batch_alter_table(table) as batch_op:`. */
interface Scope {
  batch: { alias: string; table: string; schema: string | null } | null;
  /** `name = sa.table("x", ...)` assignments, for `op.bulk_insert(name, ...)`. */
  tables: Map<string, string>;
  /** Functions defined in the module: calling one is code the model cannot follow. */
  helpers: Set<string>;
  /** Imported names and their modules. */
  imports: Map<string, string>;
  /** Names bound to DDL text, in the module or the function so far. */
  ddlNames: Set<string>;
}

type Common = { line: number; column: number; batch: boolean; schema: string | null };
type Reader = (args: Map<string, Node>, common: Common, table: string | null, call: Node, scope: Scope) => Operation;

interface Method {
  /** Positional parameters of `op.<name>`. */
  params: string[];
  /** Positional parameters of `batch_op.<name>` (no table), or undefined when batch mode has no such method. */
  batchParams?: string[];
  read: Reader;
}

/** Keyword names older Alembic versions used. */
const aliases: Record<string, string> = { name: 'constraint_name', source: 'table_name', source_table: 'table_name', tablename: 'table_name' };

function tableOf(args: Map<string, Node>, table: string | null): string {
  return table ?? requiredString(args, 'table_name');
}

function schemaOf(args: Map<string, Node>, common: Common): string | null {
  return common.batch ? common.schema : optionalString(args, 'schema');
}

function serverDefault(node: Node | undefined): string | null | undefined {
  if (!node) return undefined;
  const value = literal(node);
  if (value === false) return undefined;
  return value === null ? null : node.text;
}

const constraintTypes: Record<string, ConstraintKind> = { foreignkey: 'foreignkey', unique: 'unique', check: 'check', primary: 'primary' };

const methods: Record<string, Method> = {
  create_table: {
    params: ['table_name'],
    read(args, common, _table, call) {
      const columns: ColumnDef[] = [];
      const constraints: ConstraintDef[] = [];
      for (const item of callParts(call).positional.slice(1)) {
        if (item.type === 'call' && isColumnCall(item)) columns.push(readColumn(item));
        else {
          const constraint = item.type === 'call' ? readConstraint(item) : undefined;
          if (!constraint) throw new Unfollowable(`create_table item \`${item.text.split('\n')[0]?.slice(0, 40)}\``);
          constraints.push(constraint);
        }
      }
      return { kind: 'create_table', ...common, schema: schemaOf(args, common), table: requiredString(args, 'table_name'), columns, constraints };
    },
  },
  drop_table: {
    params: ['table_name'],
    read: (args, common) => ({ kind: 'drop_table', ...common, schema: schemaOf(args, common), table: requiredString(args, 'table_name') }),
  },
  rename_table: {
    params: ['old_table_name', 'new_table_name'],
    read: (args, common) => ({
      kind: 'rename_table',
      ...common,
      schema: schemaOf(args, common),
      table: requiredString(args, 'old_table_name'),
      newName: requiredString(args, 'new_table_name'),
    }),
  },
  add_column: {
    params: ['table_name', 'column'],
    batchParams: ['column'],
    read(args, common, table) {
      const column = args.get('column');
      if (!column || column.type !== 'call' || !isColumnCall(column)) throw new Unfollowable('add_column without a literal `sa.Column(...)`');
      return { kind: 'add_column', ...common, schema: schemaOf(args, common), table: tableOf(args, table), definition: readColumn(column), inlineReferences: optionalBool(args, 'inline_references') ?? false };
    },
  },
  drop_column: {
    params: ['table_name', 'column_name'],
    batchParams: ['column_name'],
    read: (args, common, table) => ({
      kind: 'drop_column',
      ...common,
      schema: schemaOf(args, common),
      table: tableOf(args, table),
      columnName: requiredString(args, 'column_name'),
    }),
  },
  alter_column: {
    params: ['table_name', 'column_name'],
    batchParams: ['column_name'],
    read(args, common, table) {
      const type = args.get('type_');
      const existingType = args.get('existing_type');
      return {
        kind: 'alter_column',
        ...common,
        schema: schemaOf(args, common),
        table: tableOf(args, table),
        columnName: requiredString(args, 'column_name'),
        newColumnName: optionalString(args, 'new_column_name') ?? undefined,
        nullable: optionalBool(args, 'nullable'),
        type: type && literal(type) !== null ? readType(type) : undefined,
        serverDefault: serverDefault(args.get('server_default')),
        serverDefaultValue: serverDefault(args.get('server_default')) === undefined ? undefined : defaultValue(args.get('server_default')),
        existingType: existingType && literal(existingType) !== null ? readType(existingType) : undefined,
        existingNullable: optionalBool(args, 'existing_nullable'),
        existingServerDefault: serverDefault(args.get('existing_server_default')),
        existingServerDefaultValue: serverDefault(args.get('existing_server_default')) === undefined ? undefined : defaultValue(args.get('existing_server_default')),
      };
    },
  },
  create_index: {
    params: ['index_name', 'table_name', 'columns'],
    batchParams: ['index_name', 'columns'],
    read(args, common, table) {
      const { name, nameViaF } = constraintName(args.get('index_name') ?? args.get('constraint_name'), 'index_name');
      if (name === null) throw new Unfollowable('create_index without a name');
      return {
        kind: 'create_index',
        ...common,
        schema: schemaOf(args, common),
        name,
        nameViaF,
        table: tableOf(args, table),
        columns: indexColumns(args, 'columns'),
        unique: optionalBool(args, 'unique') ?? false,
      };
    },
  },
  drop_index: {
    params: ['index_name', 'table_name'],
    batchParams: ['index_name'],
    read(args, common, table) {
      const { name, nameViaF } = constraintName(args.get('index_name') ?? args.get('constraint_name'), 'index_name');
      if (name === null) throw new Unfollowable('drop_index without a name');
      return { kind: 'drop_index', ...common, schema: schemaOf(args, common), name, nameViaF, table: table ?? optionalString(args, 'table_name') };
    },
  },
  create_foreign_key: {
    params: ['constraint_name', 'table_name', 'referent_table', 'local_cols', 'remote_cols'],
    batchParams: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'],
    read: (args, common, table) => ({
      kind: 'create_foreign_key',
      ...common,
      schema: common.batch ? common.schema : optionalString(args, 'source_schema'),
      ...constraintName(args.get('constraint_name'), 'constraint_name'),
      table: tableOf(args, table),
      referentTable: requiredString(args, args.has('referent_table') ? 'referent_table' : 'referent'),
      localColumns: stringList(args, 'local_cols'),
      remoteColumns: stringList(args, 'remote_cols'),
      ondelete: optionalString(args, 'ondelete'),
    }),
  },
  create_unique_constraint: {
    params: ['constraint_name', 'table_name', 'columns'],
    batchParams: ['constraint_name', 'columns'],
    read: (args, common, table) => ({
      kind: 'create_unique_constraint',
      ...common,
      schema: schemaOf(args, common),
      ...constraintName(args.get('constraint_name'), 'constraint_name'),
      table: tableOf(args, table),
      columns: stringList(args, args.has('columns') ? 'columns' : 'local_cols'),
    }),
  },
  create_check_constraint: {
    params: ['constraint_name', 'table_name', 'condition'],
    batchParams: ['constraint_name', 'condition'],
    read(args, common, table) {
      const condition = args.get('condition');
      const value = literal(condition);
      return {
        kind: 'create_check_constraint',
        ...common,
        schema: schemaOf(args, common),
        ...constraintName(args.get('constraint_name'), 'constraint_name'),
        table: tableOf(args, table),
        condition: typeof value === 'string' ? value : (condition?.text ?? ''),
      };
    },
  },
  create_primary_key: {
    params: ['constraint_name', 'table_name', 'columns'],
    batchParams: ['constraint_name', 'columns'],
    read: (args, common, table) => ({
      kind: 'create_primary_key',
      ...common,
      schema: schemaOf(args, common),
      ...constraintName(args.get('constraint_name'), 'constraint_name'),
      table: tableOf(args, table),
      columns: stringList(args, 'columns'),
    }),
  },
  drop_constraint: {
    params: ['constraint_name', 'table_name', 'type_'],
    batchParams: ['constraint_name', 'type_'],
    read(args, common, table) {
      const type = optionalString(args, 'type_');
      return {
        kind: 'drop_constraint',
        ...common,
        schema: schemaOf(args, common),
        ...constraintName(args.get('constraint_name'), 'constraint_name'),
        table: tableOf(args, table),
        type: type ? (constraintTypes[type] ?? null) : null,
      };
    },
  },
  execute: {
    params: ['sqltext'],
    batchParams: ['sqltext'],
    read(args, common, _table, _call, scope) {
      const node = args.get('sqltext');
      if (!node) throw new Unfollowable('execute without SQL');
      const value = literal(node);
      const isText = node.type === 'call' && lastName(dottedName(node.childForFieldName('function'))) === 'text';
      const sql = typeof value === 'string' ? value : isText ? literal(callParts(node).positional[0]) : undefined;
      const form = typeof value === 'string' ? 'string' : isText ? 'text' : 'expression';
      if (typeof sql === 'string') {
        const { ddl, ddlTables, writesRows: writes, writtenTables, sets } = summarizeSql(sql);
        return { kind: 'execute', ...common, form, sql, ddl, ddlTables, writes: writes ? writtenTables : [], sets };
      }
      const rows = form === 'expression' && writesRows(node) ? expressionWrites(node, scope.tables) : { writes: null, sets: null };
      return { kind: 'execute', ...common, form, sql: null, ddl: form === 'expression' && writesRows(node) ? false : null, ddlTables: null, ...rows };
    },
  },
  bulk_insert: {
    params: ['table', 'rows'],
    read(args, common, _table, _call, scope) {
      const node = args.get('table');
      let table: string | null = null;
      if (node?.type === 'identifier') table = scope.tables.get(node.text) ?? null;
      else if (node?.type === 'call' && isTableCall(node)) table = tableCallName(node);
      return { kind: 'bulk_insert', ...common, table };
    },
  },
  create_table_comment: {
    params: ['table_name'],
    batchParams: [],
    read: (args, common, table) => ({ kind: 'table_comment', ...common, table: tableOf(args, table) }),
  },
  drop_table_comment: {
    params: ['table_name'],
    batchParams: [],
    read: (args, common, table) => ({ kind: 'table_comment', ...common, table: tableOf(args, table) }),
  },
};

const dmlMethods = new Set(['update', 'insert', 'delete', 'values', 'where']);

/** `sa.table(...).update().values(...)`: a row change, not a schema change. */
function writesRows(node: Node): boolean {
  return [node, ...node.descendantsOfType('attribute')].some((item) => {
    if (!item) return false;
    const name = item.type === 'attribute' ? item.childForFieldName('attribute')?.text : lastName(dottedName(item.childForFieldName('function')));
    return dmlMethods.has(name ?? '');
  });
}

function isTableCall(node: Node): boolean {
  const name = lastName(dottedName(node.childForFieldName('function')));
  return name === 'table' || name === 'Table';
}

function tableCallName(node: Node): string | null {
  const name = literal(callParts(node).positional[0]);
  return typeof name === 'string' ? name : null;
}

function firstLine(node: Node): string {
  return node.text.split('\n')[0]?.trim().slice(0, 80) ?? '';
}

function effectScope(scope: Scope): EffectScope {
  return { operations: new Set(['op', ...(scope.batch ? [scope.batch.alias] : [])]), helpers: scope.helpers, imports: scope.imports, ddlNames: scope.ddlNames, tables: scope.tables };
}

/** Code the model cannot follow; `schemaOperation` when it is an `op.*` call that surely changes the schema. */
function opaque(node: Node, reason: string, scope: Scope, schemaOperation = false): Operation {
  const effect = effectOf(node, effectScope(scope));
  return {
    kind: 'opaque',
    ...position(node),
    batch: scope.batch !== null,
    schema: scope.batch?.schema ?? null,
    reason,
    table: scope.batch?.table ?? null,
    schemaEffect: schemaOperation ? 'unknown' : effect.schemaEffect,
    writes: effect.writes,
    sets: effect.sets,
    text: firstLine(node),
  };
}

/** `op.f(...)` and `op.inline_literal(...)` only build values; any other use of `op` inside an argument or assignment does something the model cannot see. */
const valueHelpers = new Set(['f', 'inline_literal']);

/** Why a subtree cannot be followed: it uses `op` (or the batch alias) beyond building names, or calls a helper defined in the module. */
function reachesOperations(node: Node, scope: Scope, helpers: boolean): string | undefined {
  for (const identifier of [node, ...node.descendantsOfType('identifier')]) {
    if (identifier?.type !== 'identifier') continue;
    const parent = identifier.parent;
    const isObject = parent?.type === 'attribute' && parent.childForFieldName('object')?.id === identifier.id;
    if (parent?.type === 'attribute' && !isObject) continue;
    if (identifier.text === 'op' || identifier.text === scope.batch?.alias) {
      const attribute = isObject ? parent?.childForFieldName('attribute')?.text : undefined;
      if (attribute && valueHelpers.has(attribute)) continue;
      return attribute ? `\`${identifier.text}.${attribute}\` usage` : `\`${identifier.text}\` passed around`;
    }
    if (helpers && scope.helpers.has(identifier.text) && parent?.type === 'call') return `a call to the helper \`${identifier.text}()\``;
  }
  return undefined;
}

const loggingRoots = new Set(['print', 'logger', 'log', 'logging', 'warnings', 'LOG']);
/** `op.*` methods that return something without touching the schema. */
const valueOperations = new Set(['get_bind', 'get_context', 'f', 'inline_literal']);

function readCall(call: Node, scope: Scope): Operation | undefined {
  const callee = dottedName(call.childForFieldName('function'));
  if (!callee) return opaque(call, `a call the model cannot follow: \`${firstLine(call)}\``, scope);
  const [root, method, ...rest] = callee.split('.');
  if (root && loggingRoots.has(root)) return undefined;
  const batch = scope.batch && root === scope.batch.alias ? scope.batch : null;
  if ((root !== 'op' && !batch) || !method || rest.length > 0) {
    return opaque(call, scope.helpers.has(root ?? '') ? `a call to the helper \`${callee}()\`` : `a call to \`${callee}()\``, scope);
  }
  const spec = methods[method];
  const params = batch ? spec?.batchParams : spec?.params;
  if (!spec || !params) return opaque(call, `\`${callee}()\` is not an operation the model knows`, scope, !valueOperations.has(method));
  const common: Common = { ...position(call), batch: batch !== null, schema: batch?.schema ?? null };
  try {
    const args = bindArguments(callParts(call), params, aliases);
    const inner = [...args.values()].map((node) => reachesOperations(node, scope, false)).find(Boolean);
    if (inner) throw new Unfollowable(inner);
    return spec.read(args, common, batch?.table ?? null, call, scope);
  } catch (error) {
    if (error instanceof Unfollowable) return opaque(call, `\`${callee}()\` with ${error.message}`, scope, method !== 'execute');
    throw error;
  }
}

function withItems(withStatement: Node): Node[] {
  const clause = withStatement.namedChildren.find((child) => child?.type === 'with_clause');
  return (clause?.namedChildren ?? []).filter((item): item is Node => item?.type === 'with_item');
}

/** `op.batch_alter_table("t", schema=None) as batch_op` -> the batch scope, or a reason it cannot be followed. */
function batchScope(withStatement: Node, scope: Scope): Scope | string {
  const items = withItems(withStatement);
  const pattern = items[0]?.childForFieldName('value');
  if (items.length !== 1 || pattern?.type !== 'as_pattern') return 'a with block';
  const call = pattern.namedChildren[0];
  const alias = pattern.childForFieldName('alias')?.namedChildren[0];
  if (call?.type !== 'call' || dottedName(call.childForFieldName('function')) !== 'op.batch_alter_table' || alias?.type !== 'identifier') return 'a with block';
  if (scope.batch) return 'a nested batch_alter_table block';
  try {
    const args = bindArguments(callParts(call), ['table_name', 'schema'], aliases);
    return { ...scope, batch: { alias: alias.text, table: requiredString(args, 'table_name'), schema: optionalString(args, 'schema') } };
  } catch (error) {
    if (error instanceof Unfollowable) return `\`op.batch_alter_table()\` with ${error.message}`;
    throw error;
  }
}

/** `with op.get_context().autocommit_block():` runs its body as written. */
function isAutocommitBlock(withStatement: Node): boolean {
  const items = withItems(withStatement);
  const value = items.length === 1 ? items[0]?.childForFieldName('value') : undefined;
  const fn = value?.type === 'call' ? value.childForFieldName('function') : null;
  const object = fn?.childForFieldName('object');
  return fn?.childForFieldName('attribute')?.text === 'autocommit_block' && object?.type === 'call' && dottedName(object.childForFieldName('function')) === 'op.get_context';
}

const statementNames: Record<string, string> = {
  if_statement: 'an if statement',
  for_statement: 'a for loop',
  while_statement: 'a while loop',
  try_statement: 'a try block',
  match_statement: 'a match statement',
};

function isDocOrEllipsis(statement: Node): boolean {
  const child = statement.namedChildren[0];
  return statement.type === 'expression_statement' && statement.namedChildCount === 1 && (child?.type === 'string' || child?.type === 'concatenated_string' || child?.type === 'ellipsis');
}

/** Reads a block's statements in order; returns false after a `raise` or `return`, whose following code never runs. */
function readBlock(block: Node, scope: Scope, ops: Operation[]): boolean {
  for (const statement of block.namedChildren) {
    if (!statement || statement.type === 'comment' || statement.type === 'pass_statement' || isDocOrEllipsis(statement)) continue;
    switch (statement.type) {
      case 'expression_statement': {
        const expression = statement.namedChildren[0];
        if (statement.namedChildCount === 1 && expression?.type === 'call') {
          const op = readCall(expression, scope);
          if (op) ops.push(op);
        } else if (expression?.type === 'assignment' || expression?.type === 'augmented_assignment') {
          readAssignment(expression, scope, ops);
        } else ops.push(opaque(statement, `an expression the model cannot follow: \`${firstLine(statement)}\``, scope));
        break;
      }
      case 'with_statement': {
        const body = statement.childForFieldName('body');
        const inner = isAutocommitBlock(statement) ? scope : batchScope(statement, scope);
        if (typeof inner === 'string' || !body) ops.push(opaque(statement, typeof inner === 'string' ? inner : 'an empty with block', scope));
        else if (!readBlock(body, inner, ops)) return false;
        break;
      }
      case 'raise_statement':
        ops.push({ kind: 'raise', ...position(statement), batch: scope.batch !== null, schema: null, text: firstLine(statement) });
        return false;
      case 'return_statement':
        return false;
      case 'import_statement':
      case 'import_from_statement':
      case 'function_definition':
      case 'decorated_definition':
      case 'assert_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        break;
      default:
        ops.push(opaque(statement, statementNames[statement.type] ?? `a ${statement.type.replaceAll('_', ' ')}`, scope));
    }
  }
  return true;
}

function readAssignment(assignment: Node, scope: Scope, ops: Operation[]): void {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (!right) return;
  if (holdsDdl(right) || mentions(right, scope.ddlNames)) {
    for (const name of [left, ...(left?.descendantsOfType('identifier') ?? [])]) if (name?.type === 'identifier') scope.ddlNames.add(name.text);
  }
  const reason = reachesOperations(right, scope, true);
  if (reason) {
    ops.push(opaque(assignment, reason, scope));
    return;
  }
  if (left?.type === 'identifier' && right.type === 'call' && isTableCall(right)) {
    const name = tableCallName(right);
    if (name) scope.tables.set(left.text, name);
  }
}

function findFunction(root: Node, name: string): Node | undefined {
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === name) return definition;
  }
  return undefined;
}

function moduleFunctions(root: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
    if (name && name !== 'upgrade' && name !== 'downgrade') names.add(name);
  }
  return names;
}

/** Module-level `name = sa.table("x", ...)` (or `sa.Table`) helpers that data migrations update. */
function moduleTables(root: Node): Map<string, string> {
  const tables = new Map<string, string>();
  for (const [name, value] of topLevelAssignments(root)) {
    if (value.type !== 'call' || !isTableCall(value)) continue;
    const table = tableCallName(value);
    if (table) tables.set(name, table);
  }
  return tables;
}

/** Module-level names bound to DDL text: `SQL = "ALTER TABLE ..."`. */
function moduleDdlNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of topLevelAssignments(root)) if (holdsDdl(value)) names.add(name);
  return names;
}

export function readFunctionOps(root: Node, name: 'upgrade' | 'downgrade'): FunctionOps {
  const definition = findFunction(root, name);
  const body = definition?.childForFieldName('body');
  if (!definition || !body) return { name, defined: false, line: 1, column: 1, empty: true, ops: [] };
  const ops: Operation[] = [];
  const imports = new Map(readImports(root).map((binding) => [binding.name, binding.module]));
  readBlock(body, { batch: null, tables: moduleTables(root), helpers: moduleFunctions(root), imports, ddlNames: moduleDdlNames(root) }, ops);
  const empty = body.namedChildren.every((statement) => !statement || statement.type === 'comment' || statement.type === 'pass_statement' || isDocOrEllipsis(statement));
  return { name, defined: true, ...position(definition), empty, ops };
}

/** The operations of a migration's `upgrade()` and `downgrade()`, in the order they run. */
export function readOperations(root: Node): MigrationOps {
  return { upgrade: readFunctionOps(root, 'upgrade'), downgrade: readFunctionOps(root, 'downgrade') };
}

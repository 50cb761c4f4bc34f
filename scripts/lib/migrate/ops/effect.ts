import { literal, type Node } from '../../parse/python.js';
import { summarizeSql, type ColumnWrite, type SqlSummary } from './sql.js';
import { expressionWrites } from './writes.js';

/** What the reader knows about names while it decides whether code it cannot follow may change the schema. */
export interface EffectScope {
  /** `op` and the batch alias. */
  operations: ReadonlySet<string>;
  /** Functions defined in the module. */
  helpers: ReadonlySet<string>;
  /** Imported names and the module each comes from. */
  imports: ReadonlyMap<string, string>;
  /** Names bound to DDL text (`SQL = "ALTER TABLE ..."`). */
  ddlNames: ReadonlySet<string>;
  /** `name = sa.table("x", ...)` assignments, for the rows an expression writes. */
  tables: ReadonlyMap<string, string>;
}

/** `op.*` methods that only read or build values. */
const harmlessOperations = new Set(['get_bind', 'get_context', 'f', 'inline_literal', 'execute']);
/** Methods that create or drop schema objects whatever they are called on (`metadata.create_all`, `sa.Enum(...).create`). */
const schemaMethods = new Set(['create', 'drop', 'create_all', 'drop_all']);
/** Plain functions that compute values. */
const valueFunctions = new Set(
  'print len range list dict set tuple str int float bool enumerate zip sorted min max sum any all isinstance getattr hasattr repr format round abs map filter next iter reversed'.split(' '),
);
/** Standard modules whose functions compute values. */
const valueModules = new Set(['json', 'datetime', 'uuid', 're', 'math', 'decimal', 'time', 'logging', 'random', 'itertools', 'functools', 'collections', 'string', 'hashlib', 'secrets', 'base64']);

/** What SQL a string literal holds; an f-string's table names cannot be read, only its keywords. */
function sqlOf(node: Node): SqlSummary {
  const value = literal(node);
  if (typeof value === 'string') return summarizeSql(value);
  const pieces = node.namedChildren.filter((child): child is Node => child?.type === 'string_content').map((child) => child.text);
  const summary = summarizeSql(pieces.join(' '));
  return { ...summary, ddlTables: summary.ddl ? null : [], writtenTables: summary.writesRows ? null : [], sets: summary.writesRows ? null : [] };
}

function isSqlalchemy(module: string | undefined): boolean {
  return module !== undefined && (module === 'sqlalchemy' || module.startsWith('sqlalchemy.') || module === 'alembic');
}

/** The identifier a chain like `sa.table(...).update().values` starts from. */
function chainRoot(node: Node | null): Node | null {
  let current = node;
  while (current && current.type !== 'identifier') {
    current = current.type === 'attribute' ? current.childForFieldName('object') : current.type === 'call' ? current.childForFieldName('function') : current.type === 'subscript' ? current.childForFieldName('value') : null;
  }
  return current;
}

/** Why a call may change the schema, or undefined when it only reads or writes rows. */
function callEffect(call: Node, scope: EffectScope): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') {
    const name = fn.text;
    if (scope.helpers.has(name)) return `a call to the helper \`${name}()\``;
    if (valueFunctions.has(name) || isSqlalchemy(scope.imports.get(name))) return undefined;
    return `a call to \`${name}()\``;
  }
  if (fn?.type !== 'attribute') return `a call the model cannot follow`;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  if (schemaMethods.has(method)) return `a call to \`.${method}()\``;
  const root = chainRoot(fn.childForFieldName('object'));
  if (!root) return undefined;
  if (scope.operations.has(root.text)) {
    const direct = fn.childForFieldName('object')?.id === root.id;
    return direct && !harmlessOperations.has(method) ? `\`${root.text}.${method}()\`` : undefined;
  }
  const module = scope.imports.get(root.text);
  if (module !== undefined && !isSqlalchemy(module) && !valueModules.has(module.split('.')[0] ?? module)) return `a call into \`${module}\``;
  return undefined;
}

export interface Effect {
  schemaEffect: 'none' | 'unknown';
  /** Why the effect is unknown. */
  because: string | undefined;
  writes: string[] | null;
  /** Columns of existing rows it sets, null when unknown. */
  sets: ColumnWrite[] | null;
}

/**
 * Whether code the model cannot follow may change the schema. It may not ("none") only when it holds no DDL
 * text, refers to no name bound to DDL text, passes `op` nowhere, and calls nothing but row-level SQL, value
 * functions and methods on values; anything else is "unknown".
 */
export function effectOf(node: Node, scope: EffectScope): Effect {
  let because: string | undefined;
  let writes: string[] | null = [];
  let sets: ColumnWrite[] | null = [];
  for (const string of [node, ...node.descendantsOfType('string')]) {
    if (string?.type !== 'string') continue;
    const summary = sqlOf(string);
    if (summary.ddl) because ??= 'DDL text';
    if (summary.writesRows) {
      writes = writes && summary.writtenTables ? [...writes, ...summary.writtenTables] : null;
      sets = sets && summary.sets ? [...sets, ...summary.sets] : null;
    }
  }
  for (const identifier of [node, ...node.descendantsOfType('identifier')]) {
    if (identifier?.type !== 'identifier' || because) continue;
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
    if (scope.ddlNames.has(identifier.text)) because = `\`${identifier.text}\`, which holds DDL text`;
    else if (scope.operations.has(identifier.text) && parent?.type !== 'attribute') because = `\`${identifier.text}\` passed around`;
  }
  for (const call of [node, ...node.descendantsOfType('call')]) {
    if (call?.type !== 'call') continue;
    because ??= callEffect(call, scope);
  }
  const expressions = expressionWrites(node, scope.tables);
  writes = writes && expressions.writes ? [...writes, ...expressions.writes] : null;
  sets = sets && expressions.sets ? [...sets, ...expressions.sets] : null;
  return { schemaEffect: because ? 'unknown' : 'none', because, writes, sets };
}

/** Whether a subtree holds DDL text, so a name assigned from it must be treated as DDL. */
export function holdsDdl(node: Node): boolean {
  return [node, ...node.descendantsOfType('string')].some((string) => string?.type === 'string' && sqlOf(string).ddl);
}

/** Whether a subtree refers to one of these names. */
export function mentions(node: Node, names: ReadonlySet<string>): boolean {
  return [node, ...node.descendantsOfType('identifier')].some((identifier) => identifier?.type === 'identifier' && names.has(identifier.text));
}

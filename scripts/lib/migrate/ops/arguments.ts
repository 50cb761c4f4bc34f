import { callParts, dottedName, lastName, literal, position, type CallParts, type Node } from '../../parse/python.js';
import type { ColumnDef, ColumnType, ConstraintDef, ForeignKeyRef } from './types.js';

/** Thrown while reading a call whose arguments cannot be resolved statically; the caller records an opaque operation. */
export class Unfollowable extends Error {
  override name = 'Unfollowable';
}

/** Binds positional and keyword arguments to parameter names; `aliases` maps older Alembic keyword names to current ones. */
export function bindArguments(parts: CallParts, params: readonly string[], aliases: Record<string, string> = {}): Map<string, Node> {
  const bound = new Map<string, Node>();
  parts.positional.forEach((node, index) => {
    const param = params[index];
    if (node.type === 'list_splat' || node.type === 'dictionary_splat') throw new Unfollowable('unpacked arguments');
    if (param) bound.set(param, node);
  });
  for (const [name, node] of parts.keywords) bound.set(aliases[name] ?? name, node);
  return bound;
}

function describe(param: string, node: Node | undefined): string {
  return `non-literal argument \`${param}=${(node?.text ?? '').split('\n')[0]?.slice(0, 40)}\``;
}

export function requiredString(args: Map<string, Node>, param: string): string {
  const value = literal(args.get(param));
  if (typeof value !== 'string') throw new Unfollowable(args.has(param) ? describe(param, args.get(param)) : `missing argument \`${param}\``);
  return value;
}

export function optionalString(args: Map<string, Node>, param: string): string | null {
  if (!args.has(param)) return null;
  const value = literal(args.get(param));
  if (value === null || typeof value === 'string') return value;
  throw new Unfollowable(describe(param, args.get(param)));
}

/** A boolean keyword: undefined when absent. */
export function optionalBool(args: Map<string, Node>, param: string): boolean | undefined {
  if (!args.has(param)) return undefined;
  const value = literal(args.get(param));
  if (typeof value === 'boolean') return value;
  if (value === null) return undefined;
  throw new Unfollowable(describe(param, args.get(param)));
}

export function stringList(args: Map<string, Node>, param: string): string[] {
  const node = args.get(param);
  const value = literal(node);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw new Unfollowable(node ? describe(param, node) : `missing argument \`${param}\``);
}

/** Index columns: names, or the source text of expressions such as `sa.text("lower(email)")`. */
export function indexColumns(args: Map<string, Node>, param: string): string[] {
  const node = args.get(param);
  if (node && (node.type === 'list' || node.type === 'tuple')) {
    return node.namedChildren
      .filter((child): child is Node => !!child && child.type !== 'comment')
      .map((child) => {
        const value = literal(child);
        return typeof value === 'string' ? value : child.text;
      });
  }
  return stringList(args, param);
}

/** A constraint or index name: a literal, `None`, or `op.f("...")`/`batch_op.f("...")`/`conv("...")`. */
export function constraintName(node: Node | undefined, param = 'name'): { name: string | null; nameViaF: boolean } {
  if (!node) return { name: null, nameViaF: false };
  const value = literal(node);
  if (value === null || typeof value === 'string') return { name: value, nameViaF: false };
  if (node.type === 'call' && ['f', 'conv'].includes(lastName(dottedName(node.childForFieldName('function'))) ?? '')) {
    const inner = literal(callParts(node).positional[0]);
    if (typeof inner === 'string') return { name: inner, nameViaF: true };
  }
  throw new Unfollowable(describe(param, node));
}

/** `sa.String(length=255)`, `sa.Text()`, `Integer`, `postgresql.JSONB(astext_type=...)`, `sa.String().with_variant(...)`. */
export function readType(node: Node): ColumnType {
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const { callee, positional, keywords } = callParts(node);
    if (!callee && fn?.type === 'attribute') {
      const object = fn.childForFieldName('object');
      if (object) return { ...readType(object), text: node.text };
    }
    const size = literal(keywords.get('length') ?? keywords.get('precision') ?? positional[0]);
    return { name: lastName(callee) ?? node.text, length: typeof size === 'number' ? size : null, text: node.text };
  }
  return { name: lastName(dottedName(node)) ?? node.text, length: null, text: node.text };
}

function isCallTo(node: Node | undefined, names: readonly string[]): node is Node {
  return node?.type === 'call' && names.includes(lastName(dottedName(node.childForFieldName('function'))) ?? '');
}

/** `"user.id"` -> user / id; `"auth.user.id"` keeps the schema out of the table name. */
export function splitTarget(target: string): { table: string; column: string } {
  const parts = target.split('.');
  const column = parts.pop() ?? '';
  return { table: parts.pop() ?? '', column };
}

function sourceText(node: Node | undefined): string | null {
  if (!node) return null;
  const value = literal(node);
  return value === null ? null : node.text;
}

function defaultKind(node: Node | undefined): Pick<ColumnDef, 'serverDefaultKind' | 'serverDefaultSql'> {
  const value = literal(node);
  if (!node || value === null) return { serverDefaultKind: null, serverDefaultSql: null };
  if (typeof value === 'string') return { serverDefaultKind: 'value', serverDefaultSql: null };
  if (isCallTo(node, ['text'])) {
    const sql = literal(callParts(node).positional[0]);
    return { serverDefaultKind: 'sql', serverDefaultSql: typeof sql === 'string' ? sql : null };
  }
  return { serverDefaultKind: 'expression', serverDefaultSql: null };
}

/** SQL functions SQLAlchemy renders without parentheses. */
const bareFunctions = new Set(['current_timestamp', 'current_date', 'current_time', 'localtimestamp', 'localtime']);

/** SQL as the database keeps it: outer parentheses and case aside, a quoted number is the number. */
function normalSql(sql: string): string {
  let text = sql.trim();
  while (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim();
  if (/^'[^']*'$/.test(text)) {
    const inner = text.slice(1, -1);
    return /^-?[0-9.]+$/.test(inner) ? inner : text;
  }
  const lower = text.toLowerCase();
  return bareFunctions.has(lower.replace(/\(\)$/, '')) ? lower.replace(/\(\)$/, '') : lower;
}

/**
 * A server default as the database sees it, so that two spellings of one default compare equal:
 * `"0"`, `sa.text("0")` and `sa.text("'0'")` are `0`; `sa.func.now()` and `sa.text("NOW()")` are `now()`;
 * `None` is null. Anything else is its source text without spaces.
 */
export function defaultValue(node: Node | undefined): string | null {
  if (!node) return null;
  const value = literal(node);
  if (value === null) return null;
  if (typeof value === 'string') return normalSql(`'${value.replaceAll("'", "''")}'`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toLowerCase();
  if (node.type === 'call') {
    const callee = dottedName(node.childForFieldName('function')) ?? '';
    const name = lastName(callee) ?? '';
    const first = literal(callParts(node).positional[0]);
    if (name === 'text' && typeof first === 'string') return normalSql(first);
    if (name === 'true' || name === 'false') return name;
    if (callee.split('.').includes('func') && callParts(node).positional.length === 0) return normalSql(`${name}()`);
  }
  return node.text.replace(/\s+/g, '');
}

const columnExtras = ['Identity', 'Sequence', 'Computed', 'CheckConstraint', 'FetchedValue', 'DefaultClause'];

/** One `sa.Column(...)` call. */
export function readColumn(call: Node): ColumnDef {
  const parts = callParts(call);
  let name: string | undefined;
  let type: ColumnType | null = null;
  const foreignKeys: ForeignKeyRef[] = [];
  parts.positional.forEach((arg, index) => {
    const value = literal(arg);
    if (index === 0 && typeof value === 'string') name = value;
    else if (isCallTo(arg, ['ForeignKey'])) {
      const fk = callParts(arg);
      const target = literal(fk.positional[0]);
      if (typeof target !== 'string') throw new Unfollowable(describe('ForeignKey', fk.positional[0]));
      const ondelete = literal(fk.keywords.get('ondelete'));
      foreignKeys.push({ ...splitTarget(target), ondelete: typeof ondelete === 'string' ? ondelete : null, name: constraintName(fk.keywords.get('name')).name });
    } else if (isCallTo(arg, columnExtras)) {
      // server-side generation details do not change the column's shape
    } else if (type === null) type = readType(arg);
  });
  const explicitName = optionalString(parts.keywords, 'name');
  name ??= explicitName ?? undefined;
  if (name === undefined) throw new Unfollowable('a column without a literal name');
  const typeKeyword = parts.keywords.get('type_');
  if (typeKeyword) type = readType(typeKeyword);
  const primaryKey = optionalBool(parts.keywords, 'primary_key') ?? false;
  return {
    name,
    type,
    nullable: optionalBool(parts.keywords, 'nullable') ?? !primaryKey,
    primaryKey,
    unique: optionalBool(parts.keywords, 'unique') ?? false,
    index: optionalBool(parts.keywords, 'index') ?? false,
    serverDefault: sourceText(parts.keywords.get('server_default')),
    ...defaultKind(parts.keywords.get('server_default')),
    serverDefaultValue: defaultValue(parts.keywords.get('server_default')),
    foreignKeys,
    text: call.text,
    ...position(call),
  };
}

function stringsOf(nodes: Node[], what: string): string[] {
  return nodes.map((node) => {
    const value = literal(node);
    if (typeof value !== 'string') throw new Unfollowable(describe(what, node));
    return value;
  });
}

function listOf(node: Node | undefined, what: string): string[] {
  const value = literal(node);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  if (typeof value === 'string') return [value];
  throw new Unfollowable(describe(what, node));
}

/** `sa.PrimaryKeyConstraint(...)`, `sa.UniqueConstraint(...)`, `sa.ForeignKeyConstraint(...)`, `sa.CheckConstraint(...)`; undefined for other calls. */
export function readConstraint(call: Node): ConstraintDef | undefined {
  const kind = lastName(dottedName(call.childForFieldName('function')));
  const parts = callParts(call);
  const base = { ...constraintName(parts.keywords.get('name')), referent: null, ondelete: null, condition: null, ...position(call) };
  switch (kind) {
    case 'PrimaryKeyConstraint':
      return { ...base, kind: 'primary', columns: stringsOf(parts.positional, 'columns') };
    case 'UniqueConstraint':
      return { ...base, kind: 'unique', columns: stringsOf(parts.positional, 'columns') };
    case 'ForeignKeyConstraint': {
      const columns = listOf(parts.positional[0] ?? parts.keywords.get('columns'), 'columns');
      const targets = listOf(parts.positional[1] ?? parts.keywords.get('refcolumns'), 'refcolumns').map(splitTarget);
      const ondelete = literal(parts.keywords.get('ondelete'));
      return {
        ...base,
        kind: 'foreignkey',
        columns,
        referent: { table: targets[0]?.table ?? '', columns: targets.map((target) => target.column) },
        ondelete: typeof ondelete === 'string' ? ondelete : null,
      };
    }
    case 'CheckConstraint': {
      const condition = parts.positional[0] ?? parts.keywords.get('sqltext');
      const value = literal(condition);
      return { ...base, kind: 'check', columns: [], condition: typeof value === 'string' ? value : (condition?.text ?? '') };
    }
    default:
      return undefined;
  }
}

export function isColumnCall(node: Node): boolean {
  return isCallTo(node, ['Column']);
}

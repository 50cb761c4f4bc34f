import { callParts, dottedName, lastName, literal, type Node } from '../../parse/python.js';
import type { ColumnWrite } from './sql.js';

/** What a SQLAlchemy expression writes: the tables, and the columns of existing rows (null when unknown). */
export interface RowWrites {
  writes: string[] | null;
  sets: ColumnWrite[] | null;
}

/** The column a value copies: `t.c.old`, `sa.column("old")`, `sa.literal_column("old")`; else null. */
function copiedColumn(value: Node): string | null {
  const dotted = dottedName(value);
  const parts = dotted?.split('.') ?? [];
  if (parts.length >= 3 && parts.at(-2) === 'c') return parts.at(-1) ?? null;
  if (value.type === 'call' && ['column', 'literal_column'].includes(lastName(dottedName(value.childForFieldName('function'))) ?? '')) {
    const name = literal(callParts(value).positional[0]);
    return typeof name === 'string' ? name : null;
  }
  return null;
}

/** The table a chain such as `t.update().where(...)` starts from: a name bound to `sa.table("t", ...)`, or that call itself. */
function chainTable(node: Node | null, tables: ReadonlyMap<string, string>): string | undefined {
  let current = node;
  while (current) {
    if (current.type === 'identifier') return tables.get(current.text);
    if (current.type === 'call') {
      const fn = current.childForFieldName('function');
      if (lastName(dottedName(fn)) === 'table' || lastName(dottedName(fn)) === 'Table') {
        const name = literal(callParts(current).positional[0]);
        return typeof name === 'string' ? name : undefined;
      }
      current = fn;
    } else if (current.type === 'attribute') current = current.childForFieldName('object');
    else return undefined;
  }
  return undefined;
}

/**
 * Rows written by SQLAlchemy Core expressions in `node`: `t.update().values(new=t.c.old)` sets `t.new`
 * (copied from `old`), `t.insert()` writes `t` and sets nothing of existing rows. An update whose table or
 * columns cannot be read makes both unknown.
 */
export function expressionWrites(node: Node, tables: ReadonlyMap<string, string>): RowWrites {
  let writes: string[] | null = [];
  let sets: ColumnWrite[] | null = [];
  for (const call of [node, ...node.descendantsOfType('call')]) {
    if (call?.type !== 'call') continue;
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (method !== 'update' && method !== 'insert') continue;
    const table = chainTable(fn?.childForFieldName('object') ?? null, tables);
    writes = writes && table ? [...writes, table] : null;
    if (method === 'insert') continue;
    // the `.values(...)` applied to this update: the call whose chain reaches it
    const valuesCall = findValues(call);
    if (!table || !valuesCall) {
      sets = null;
      continue;
    }
    const { keywords, positional } = callParts(valuesCall);
    const pairs: Array<[string, Node]> = [...keywords];
    const dict = positional[0];
    if (dict?.type === 'dictionary') {
      for (const pair of dict.namedChildren) {
        const key = literal(pair?.childForFieldName('key'));
        const value = pair?.childForFieldName('value');
        if (typeof key === 'string' && value) pairs.push([key, value]);
        else sets = null;
      }
    } else if (dict) sets = null;
    if (sets) for (const [column, value] of pairs) sets.push({ table, column, source: copiedColumn(value) });
  }
  return { writes, sets };
}

/** The `.values(...)` further along the chain an update starts (`t.update().where(...).values(...)`). */
function findValues(update: Node): Node | undefined {
  for (let current = update.parent; current && (current.type === 'attribute' || current.type === 'call'); current = current.parent) {
    if (current.type === 'attribute' && current.childForFieldName('attribute')?.text === 'values' && current.parent?.type === 'call') return current.parent;
  }
  return undefined;
}

import { callParts, dottedName, lastName, literal, type Node } from '../../../parse/python.js';
import { at, callsIn, isSessionCall } from '../python.js';
import type { ApiRule } from '../types.js';

const adds = new Set(['add']);

/** `await request.json`, `await request.get_json(...)`: the await node. */
function bodyReads(handler: Node): Node[] {
  return handler.descendantsOfType('await').filter((node): node is Node => {
    const value = node?.namedChildren[0];
    if (!value) return false;
    const name = dottedName(value.type === 'call' ? value.childForFieldName('function') : value);
    return name === 'request.json' || name === 'request.get_json';
  });
}

/** Whether `node` is unwrapped with `["item"]` or `.get("item", ...)`. */
function unwrapped(node: Node): boolean {
  let current = node;
  // `(await request.json or {})`
  while (current.parent && (current.parent.type === 'parenthesized_expression' || (current.parent.type === 'boolean_operator' && current.parent.childForFieldName('left')?.id === current.id))) current = current.parent;
  const parent = current.parent;
  if (parent?.type === 'subscript' && literal(parent.childForFieldName('subscript')) === 'item') return true;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'get') {
    const call = parent.parent;
    return call?.type === 'call' && literal(callParts(call).positional[0]) === 'item';
  }
  return false;
}

/** `body = await request.json` ... `body.get("item")` / `body["item"]` later in the handler. */
function unwrappedLater(handler: Node, read: Node): boolean {
  let current = read;
  while (current.parent && (current.parent.type === 'parenthesized_expression' || current.parent.type === 'boolean_operator')) current = current.parent;
  const assignment = current.parent;
  const name = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  if (name?.type !== 'identifier') return false;
  return handler.descendantsOfType('identifier').some((use) => !!use && use.text === name.text && use.id !== name.id && unwrapped(use));
}

export const itemWrapper: ApiRule = {
  id: 'item-wrapper',
  group: 'requests',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a create or update handler (a POST, PUT or PATCH route that calls `from_dict` or adds to the session) that reads the JSON body without taking `item` out of it.',
    why: "stk's admin pages post `{item: {...}}`. Reading the body itself gives `from_dict` a dict whose only key is `item`: nothing is set, the create fails on a NOT NULL column or the update silently changes nothing, and the page says it saved.",
    example: 'data = await request.json\nawait thing.from_dict(data)',
    fix: 'data = (await request.json or {}).get("item", {})\nawait thing.from_dict(data)',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) => {
      if (!handler.mutation || ![...handler.methods].some((method) => method !== 'DELETE')) return [];
      const calls = callsIn(handler.node);
      const writes = calls.some((call) => isSessionCall(call, adds) || lastName(dottedName(call.childForFieldName('function'))) === 'from_dict');
      if (!writes) return [];
      return bodyReads(handler.node)
        .filter((read) => !unwrapped(read) && !unwrappedLater(handler.node, read))
        .map((read) => ({
          ...at(read),
          message: `${handler.name}() reads the request body without its \`item\` wrapper, but stk's pages post {item: {...}}: from_dict gets nothing to set.`,
          help: '`data = (await request.json or {}).get("item", {})`',
        }));
    });
  },
};

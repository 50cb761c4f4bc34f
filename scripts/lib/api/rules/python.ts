import { callParts, dottedName, lastName, literal, position, type Node } from '../../parse/python.js';

/** Positions for a report. */
export function at(node: Node): { line: number; column: number } {
  return position(node);
}

/** Every call in the function body, in source order. */
export function callsIn(node: Node): Node[] {
  return (node.childForFieldName('body') ?? node).descendantsOfType('call').filter((call): call is Node => !!call);
}

/** `g.db_session.commit()`: a call of `method` on a database session (`g.db_session`, `session`, `db.session`). */
export function isSessionCall(call: Node, methods: ReadonlySet<string>): boolean {
  const target = call.childForFieldName('function');
  if (target?.type !== 'attribute' || !methods.has(target.childForFieldName('attribute')?.text ?? '')) return false;
  const object = lastName(dottedName(target.childForFieldName('object')));
  return object !== undefined && object.toLowerCase().includes('session');
}

/** `Activity.register(...)` (the audit log), however Activity was imported. */
export function isActivityLog(call: Node): boolean {
  const name = dottedName(call.childForFieldName('function'));
  return !!name && name.endsWith('.register') && (lastName(name.slice(0, -'.register'.length)) ?? '').endsWith('Activity');
}

/** A call of a function named `name` (bare or through a module): `login_user(user)`, `security.login_user(user)`. */
export function callsFunction(node: Node, names: ReadonlySet<string>): boolean {
  return callsIn(node).some((call) => names.has(lastName(dottedName(call.childForFieldName('function'))) ?? ''));
}

/** Sign-in and sign-out handlers are public by nature. */
export const signInFunctions: ReadonlySet<string> = new Set(['login_user', 'logout_user']);

/** The statement list a node sits in, and the statement that holds it. */
export function enclosingStatement(node: Node): { block: Node; statement: Node } | undefined {
  for (let current: Node | null = node; current?.parent; current = current.parent) {
    if (current.parent.type === 'block' || current.parent.type === 'module') return { block: current.parent, statement: current };
  }
  return undefined;
}

/** Whether `node` (or anything in it) reads the identifier `name`. */
export function mentions(node: Node, name: string): Node | undefined {
  if (node.type === 'identifier' && node.text === name) return node;
  return node.descendantsOfType('identifier').find((identifier): identifier is Node => !!identifier && identifier.text === name) ?? undefined;
}

/** `request.args.get("per_page", ...)` inside `node`, for the given keys: the call. */
export function requestArgument(node: Node, keys: ReadonlySet<string>): Node | undefined {
  const calls = node.type === 'call' ? [node, ...node.descendantsOfType('call')] : node.descendantsOfType('call');
  return (
    calls.find((call): call is Node => {
      if (!call || dottedName(call.childForFieldName('function'))?.endsWith('request.args.get') !== true) return false;
      const key = literal(callParts(call).positional[0]);
      return typeof key === 'string' && keys.has(key);
    }) ?? undefined
  );
}

/** Whether a call to one of `functions` (`min`, `max`) encloses `node`, up to `stop`. */
export function wrappedBy(node: Node, functions: ReadonlySet<string>, stop: Node): boolean {
  for (let current = node.parent; current && current.id !== stop.id; current = current.parent) {
    if (current.type === 'call' && functions.has(dottedName(current.childForFieldName('function')) ?? '')) return true;
  }
  return false;
}

/** The target name of `name = <value>` when `node` is (inside) the value of such an assignment. */
export function assignedTo(node: Node): { name: string; statement: Node } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'assignment') {
      const left = current.childForFieldName('left');
      return left?.type === 'identifier' ? { name: left.text, statement: current } : undefined;
    }
    if (current.type === 'block' || current.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** Whether a statement ends the handler's path: `return`, `raise`, or `abort(...)`. */
export function terminates(block: Node | null): boolean {
  const last = block?.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment').at(-1);
  if (!last) return false;
  if (last.type === 'return_statement' || last.type === 'raise_statement') return true;
  const call = last.type === 'expression_statement' ? last.namedChildren[0] : undefined;
  return call?.type === 'call' && lastName(dottedName(call.childForFieldName('function'))) === 'abort';
}

/**
 * Whether the handler bounds `name` after reading it: passes it to `min` (an upper bound) or `max` (a lower bound),
 * or compares it on the matching side (`name > N` checks an upper bound, `name < N` a lower one).
 */
export function boundedLater(handler: Node, name: string, bound: 'upper' | 'lower'): boolean {
  const clamp = bound === 'upper' ? 'min' : 'max';
  for (const call of handler.descendantsOfType('call')) {
    const args = call?.childForFieldName('arguments');
    if (call && args && dottedName(call.childForFieldName('function')) === clamp && mentions(args, name)) return true;
  }
  const [leftOperators, rightOperators] = bound === 'upper' ? [['>', '>='], ['<', '<=']] : [['<', '<='], ['>', '>=']];
  return handler.descendantsOfType('comparison_operator').some((comparison) => {
    if (!comparison) return false;
    const operator = comparison.children.filter((child) => !!child && !child.isNamed).map((child) => child!.text)[0] ?? '';
    const [left, right] = comparison.namedChildren;
    return (left?.text === name && leftOperators.includes(operator)) || (right?.text === name && rightOperators.includes(operator));
  });
}

import { importBindings, moduleName, type ImportBinding } from '../../app/module.js';
import { dottedName, lastName, type Node } from '../../parse/python.js';

export { moduleName, type ImportBinding };

/** What the app-code rules know of one Python file beyond its tree: its imports, and names for the objects they care about. */
export interface PythonModule {
  /** Dotted module name (`shop.things.views`), from the path relative to the project root. */
  name: string;
  root: Node;
  imports: Map<string, ImportBinding>;
  importStatements: Node[];
  /** Names assigned a `Blueprint(...)` or `Quart(...)` anywhere in the file. */
  appObjects: Set<string>;
  /** Module-level functions by name: whether each is `async def`. */
  functions: Map<string, boolean>;
  /** Classes defined in the file, by name. */
  classes: Map<string, Node>;
  /** Every `def`, `async def` and `lambda`, by start offset: where a node is, without climbing its parents through the wasm boundary. */
  scopes: Scope[];
  /** Node lists by type, read from the tree once for all rules (see `nodesOfType`). */
  cache: Map<string, Node[]>;
}

export interface Scope {
  node: Node;
  start: number;
  end: number;
  async: boolean;
}

/** The fully qualified dotted name of an expression through the file's imports: `rq.json` -> `quart.request.json`. */
export function qualify(module: PythonModule, node: Node | null | undefined): string | undefined {
  const dotted = dottedName(node);
  if (!dotted) return undefined;
  const [first, ...rest] = dotted.split('.');
  const binding = module.imports.get(first!);
  return binding ? [binding.qualified, ...rest].join('.') : dotted;
}

/** The nodes of one type (or several) in the file, in document order; each list is read from the tree once. */
export function nodesOfType(module: Pick<PythonModule, 'root' | 'cache'>, type: string | string[]): Node[] {
  const key = Array.isArray(type) ? type.join(',') : type;
  let found = module.cache.get(key);
  if (!found) module.cache.set(key, (found = module.root.descendantsOfType(type).filter((node): node is Node => node !== null)));
  return found;
}

export function isAsyncFunction(node: Node | undefined): boolean {
  return node?.type === 'function_definition' && node.firstChild?.type === 'async';
}

function readScopes(module: Pick<PythonModule, 'root' | 'cache'>): Scope[] {
  // `lambda` is also the type of the keyword token inside a lambda expression: only named nodes are scopes
  return nodesOfType(module, ['function_definition', 'lambda'])
    .filter((node) => node.isNamed)
    .map((node) => ({ node, start: node.startIndex, end: node.endIndex, async: isAsyncFunction(node) }));
}

/** The innermost function (`def`, `async def` or `lambda`) around `node`, not `node` itself; undefined at module level. */
export function enclosingScope(module: PythonModule, node: Node): Scope | undefined {
  const at = node.startIndex;
  let found: Scope | undefined;
  for (const scope of module.scopes) {
    if (scope.start > at) break;
    if (at < scope.end && scope.node.id !== node.id) found = scope;
  }
  return found;
}

export function enclosingFunction(module: PythonModule, node: Node): Node | undefined {
  return enclosingScope(module, node)?.node;
}

/** Whether the code at `node` runs in a coroutine: its innermost function is an `async def` (a lambda or nested `def` is not). */
export function inAsyncFunction(module: PythonModule, node: Node): boolean {
  return enclosingScope(module, node)?.async === true;
}

/** The decorators of a function or class definition. */
export function decorators(definition: Node): Node[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((child): child is Node => child?.type === 'decorator');
}

/** The expression of a decorator: `bp.route("/")` for `@bp.route("/")`, `bp.before_request` for `@bp.before_request`. */
export function decoratorExpression(decorator: Node): Node | undefined {
  return decorator.namedChildren.find((child): child is Node => !!child && child.type !== 'comment') ?? undefined;
}

/** The expression an `await` applies to, seen from inside: true when `node` is awaited (parentheses aside). */
export function isAwaited(node: Node): boolean {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  return current.parent?.type === 'await';
}

/** Functions that take an awaitable and await or schedule it: passing a coroutine to them is how it is meant to be used. */
const awaitableConsumers = new Set(['gather', 'create_task', 'ensure_future', 'wait_for', 'shield', 'run', 'run_until_complete', 'wait', 'as_completed', 'start_soon', 'add_background_task']);

/** Awaited, or handed to something that awaits it (`asyncio.gather(...)`, `asyncio.create_task(...)`, `app.add_background_task(...)`). */
export function isAwaitedOrScheduled(node: Node): boolean {
  if (isAwaited(node)) return true;
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  const list = current.parent?.type === 'argument_list' ? current.parent : current.parent?.type === 'keyword_argument' ? current.parent.parent : undefined;
  const call = list?.parent;
  if (list?.type !== 'argument_list' || call?.type !== 'call') return false;
  return awaitableConsumers.has(lastName(dottedName(call.childForFieldName('function'))) ?? '');
}

/** The statement an identifier is a target of, binding its name again (`x = ...`, `x += ...`, `for x in ...`, `x, y = ...`). */
function bindingOf(identifier: Node): Node | undefined {
  let target = identifier;
  while (target.parent && ['pattern_list', 'tuple_pattern', 'list_pattern'].includes(target.parent.type)) target = target.parent;
  const parent = target.parent;
  return parent && ['assignment', 'augmented_assignment', 'for_statement'].includes(parent.type) && parent.childForFieldName('left')?.equals(target) ? parent : undefined;
}

/**
 * Assigned to a plain name that the same function awaits or schedules later, before binding the name again:
 * `pending = g.db_session.commit()` then `await pending`. Branches are not followed: an await later in the text counts.
 */
export function isAwaitedThroughName(module: PythonModule, node: Node): boolean {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  const assignment = current.parent;
  const name = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.equals(current) ? assignment.childForFieldName('left') : undefined;
  const scope = name?.type === 'identifier' ? enclosingFunction(module, assignment!) : undefined;
  if (!name || !scope) return false;
  const uses = nodesOfType(module, 'identifier').filter((use) => use.startIndex >= assignment!.endIndex && use.endIndex <= scope.endIndex && use.text === name.text && enclosingFunction(module, use)?.equals(scope));
  for (const use of uses) {
    if (isAwaitedOrScheduled(use)) return true;
    // the right side runs before the name is bound again: `page = await page`
    const right = bindingOf(use)?.childForFieldName('right');
    if (right) return uses.some((other) => other.startIndex >= right.startIndex && other.endIndex <= right.endIndex && isAwaitedOrScheduled(other));
  }
  return false;
}

/** The names a target binds (`a`, `a, b`, `(a, b)`), for assignments and `for` loops. */
export function boundNames(target: Node | null | undefined): string[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(target.type)) {
    return target.namedChildren.flatMap((child) => boundNames(child));
  }
  return [];
}

function readAppObjects(module: Omit<PythonModule, 'appObjects'>): Set<string> {
  const names = new Set<string>();
  for (const assignment of nodesOfType(module, 'assignment')) {
    const value = assignment.childForFieldName('right');
    if (value?.type !== 'call') continue;
    const callee = lastName(qualify(module as PythonModule, value.childForFieldName('function')));
    if (callee === 'Blueprint' || callee === 'Quart') for (const name of boundNames(assignment.childForFieldName('left'))) names.add(name);
  }
  return names;
}

export function readModule(root: Node, file: string): PythonModule {
  const name = moduleName(file);
  const { bindings, statements } = importBindings(root, file);
  const functions = new Map<string, boolean>();
  const classes = new Map<string, Node>();
  for (const child of root.namedChildren) {
    const definition = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    const defName = definition?.childForFieldName('name')?.text;
    if (!definition || !defName) continue;
    if (definition.type === 'function_definition') functions.set(defName, isAsyncFunction(definition));
    if (definition.type === 'class_definition') classes.set(defName, definition);
  }
  const cache = new Map<string, Node[]>();
  const partial = { name, root, imports: bindings, importStatements: statements, functions, classes, cache, scopes: readScopes({ root, cache }) };
  return { ...partial, appObjects: readAppObjects(partial) };
}

const callees = new WeakMap<PythonModule, { call: Node; callee: string | undefined }[]>();

/** Every call in the file, with its callee's qualified name (computed once per file). */
export function calls(module: PythonModule): { call: Node; callee: string | undefined }[] {
  let found = callees.get(module);
  if (!found) callees.set(module, (found = nodesOfType(module, 'call').map((call) => ({ call, callee: qualify(module, call.childForFieldName('function')) }))));
  return found;
}

import { dottedName, position, type Node } from '../../parse/python.js';

export interface ImportBinding {
  /** The local name: `sa` for `import sqlalchemy as sa`, `op` for `from alembic import op`. */
  name: string;
  /** The module imported from, e.g. `sqlalchemy`, `alembic`. */
  module: string;
  /** The imported member, or null for `import module`. */
  member: string | null;
  line: number;
}

export interface NameUse {
  name: string;
  line: number;
  column: number;
}

export interface ModuleNames {
  imports: ImportBinding[];
  /** First use of each name that is never imported, assigned, defined or built in; empty when a `*` import hides what is bound. */
  unresolved: NameUse[];
}

const builtins = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits ' +
    'delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int ' +
    'isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range ' +
    'repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip __import__ __name__ __file__ __doc__ ' +
    '__builtins__ __spec__ __loader__ __package__ __debug__ __annotations__ __dict__ __class__ NotImplemented Ellipsis ' +
    'BaseException BaseExceptionGroup Exception ExceptionGroup ArithmeticError AssertionError AttributeError BlockingIOError ' +
    'BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ' +
    'ConnectionResetError DeprecationWarning EOFError EncodingWarning EnvironmentError FileExistsError FileNotFoundError ' +
    'FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError ' +
    'IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError ' +
    'NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ' +
    'ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning ' +
    'SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError ' +
    'UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError'
  ).split(' '),
);

/** Containers a target may be wrapped in: `for (a, b) in ...`, `with f() as (a, b):`, `[a, b] = ...`. */
const targetContainers = new Set(['tuple', 'list', 'parenthesized_expression', 'pattern_list', 'tuple_pattern', 'list_pattern']);

/** Node types whose direct identifier children are bound names. */
const bindingParents = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'as_pattern_target',
  'global_statement',
  'nonlocal_statement',
  'parameters',
  'lambda_parameters',
  'list_splat_pattern',
  'dictionary_splat_pattern',
  'typed_parameter',
  'case_pattern',
  'keyword_pattern',
  'splat_pattern',
  'type_parameter',
]);

/** Node field names under which an identifier is bound. */
const bindingFields: Record<string, string> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
  function_definition: 'name',
  class_definition: 'name',
  default_parameter: 'name',
  typed_default_parameter: 'name',
};

function importsOf(statement: Node): ImportBinding[] {
  const line = position(statement).line;
  if (statement.type === 'import_statement') {
    return statement.childrenForFieldName('name').flatMap((item) => {
      if (!item) return [];
      if (item.type === 'aliased_import') {
        const module = dottedName(item.childForFieldName('name')) ?? item.childForFieldName('name')?.text ?? '';
        return [{ name: item.childForFieldName('alias')?.text ?? module, module, member: null, line }];
      }
      const module = item.text;
      return [{ name: module.split('.')[0] ?? module, module, member: null, line }];
    });
  }
  const module = statement.childForFieldName('module_name')?.text ?? '';
  return statement.childrenForFieldName('name').flatMap((item) => {
    if (!item) return [];
    if (item.type === 'aliased_import') {
      const member = item.childForFieldName('name')?.text ?? '';
      return [{ name: item.childForFieldName('alias')?.text ?? member, module, member, line }];
    }
    return [{ name: item.text, module, member: item.text, line }];
  });
}

/** Whether an identifier is a name being bound (an assignment target, a parameter, an alias, a definition). */
function isBinding(identifier: Node): boolean {
  let node = identifier;
  let parent = identifier.parent;
  while (parent && targetContainers.has(parent.type)) {
    if (bindingParents.has(parent.type)) return true;
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (bindingParents.has(parent.type)) return true;
  const field = bindingFields[parent.type];
  return !!field && parent.childForFieldName(field)?.id === node.id;
}

function isInside(node: Node, types: Set<string>): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (types.has(parent.type)) return true;
  return false;
}

const importTypes = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Every import of the module, top level or nested. */
export function readImports(root: Node): ImportBinding[] {
  return root.descendantsOfType(['import_statement', 'import_from_statement']).flatMap((statement) => (statement ? importsOf(statement) : []));
}

/** A Python scope: the module, a function or lambda, a class body, or a comprehension. */
interface Scope {
  kind: 'module' | 'function' | 'class' | 'comprehension';
  parent: Scope | undefined;
  bound: Set<string>;
  /** `global x`: x is bound and looked up in the module. */
  globals: Set<string>;
}

const comprehensions = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Fields whose value is evaluated in the scope around a function (defaults, annotations), not in it. */
const outerFields: Record<string, string[]> = { default_parameter: ['value'], typed_default_parameter: ['value', 'type'], typed_parameter: ['type'] };

function fieldOf(parent: Node, child: Node, field: string): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/** The node whose scope `node` is evaluated in: a function or lambda (body and parameters), a class body, a comprehension, else the module. */
function scopeNode(node: Node, root: Node): Node {
  let outer = false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (outerFields[parent.type]?.some((field) => fieldOf(parent!, child, field))) outer = true;
    if (parent.type === 'function_definition' || parent.type === 'lambda') {
      if (fieldOf(parent, child, 'body') || (fieldOf(parent, child, 'parameters') && !outer)) return parent;
      outer = false;
    } else if (parent.type === 'class_definition' && fieldOf(parent, child, 'body')) return parent;
    else if (comprehensions.has(parent.type)) return parent;
  }
  return root;
}

/** Imports of the module and the names it uses without binding them, resolved by Python's scoping rules. */
export function readModuleNames(root: Node): ModuleNames {
  const imports = readImports(root);
  const wildcard = root.descendantsOfType('wildcard_import').length > 0;
  const scopes = new Map<number, Scope>();
  const scopeOf = (node: Node): Scope => {
    const owner = scopeNode(node, root);
    const known = scopes.get(owner.id);
    if (known) return known;
    const kind = owner.id === root.id ? 'module' : owner.type === 'class_definition' ? 'class' : comprehensions.has(owner.type) ? 'comprehension' : 'function';
    const scope: Scope = { kind, parent: owner.id === root.id ? undefined : scopeOf(owner), bound: new Set(), globals: new Set() };
    scopes.set(owner.id, scope);
    return scope;
  };
  const module = scopeOf(root);
  /** Where a binding made in `scope` lands: the module for `global` names; a walrus in a comprehension binds in the function around it. */
  const bind = (scope: Scope, name: string, walrus = false) => {
    let target = scope;
    while (walrus && target.kind === 'comprehension' && target.parent) target = target.parent;
    (target.globals.has(name) ? module : target).bound.add(name);
  };
  for (const statement of root.descendantsOfType('global_statement')) {
    if (!statement) continue;
    for (const name of statement.namedChildren) if (name?.type === 'identifier') scopeOf(statement).globals.add(name.text);
  }
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!statement) continue;
    for (const binding of importsOf(statement)) bind(scopeOf(statement), binding.name);
  }
  const references: Array<NameUse & { scope: Scope }> = [];
  for (const identifier of root.descendantsOfType('identifier')) {
    if (!identifier || isInside(identifier, importTypes)) continue;
    const parent = identifier.parent;
    if (!parent) continue;
    if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) continue;
    if (parent.type === 'global_statement' || parent.type === 'nonlocal_statement') continue;
    if (isBinding(identifier)) {
      bind(scopeOf(identifier), identifier.text, parent.type === 'named_expression');
      continue;
    }
    references.push({ name: identifier.text, ...position(identifier), scope: scopeOf(identifier) });
  }
  if (wildcard) return { imports, unresolved: [] };
  const resolves = (name: string, scope: Scope): boolean => {
    if (scope.globals.has(name)) return module.bound.has(name);
    if (scope.bound.has(name)) return true;
    // names of a class body are not visible in the functions and comprehensions inside it
    for (let outer = scope.parent; outer; outer = outer.parent) if (outer.kind !== 'class' && outer.bound.has(name)) return true;
    return false;
  };
  const seen = new Set<string>();
  const unresolved = references
    .filter((use) => {
      if (builtins.has(use.name) || resolves(use.name, use.scope) || seen.has(use.name)) return false;
      seen.add(use.name);
      return true;
    })
    .map(({ name, line, column }) => ({ name, line, column }));
  return { imports, unresolved };
}

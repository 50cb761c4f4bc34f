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

/** One ancestor on the walk: its type, and the field it fills in its own parent. */
interface Ancestor {
  type: string;
  field: string | null;
}

/**
 * Whether an identifier is a name being bound (an assignment target, a parameter, an alias, a definition),
 * from its ancestors (nearest last) and the field it fills in its parent.
 */
function isBinding(ancestors: readonly Ancestor[], ownField: string | null): boolean {
  let field = ownField;
  let at = ancestors.length - 1;
  while (at >= 0 && targetContainers.has(ancestors[at]!.type)) {
    if (bindingParents.has(ancestors[at]!.type)) return true;
    field = ancestors[at]!.field;
    at -= 1;
  }
  const parent = ancestors[at];
  if (!parent) return false;
  if (bindingParents.has(parent.type)) return true;
  const binding = bindingFields[parent.type];
  return !!binding && field === binding;
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

/** The scope a node is evaluated in, and, inside a function's parameters, the scope around that function (for defaults and annotations). */
interface ScopeState {
  scope: Scope;
  around?: Scope;
}

interface ScopedAncestor extends Ancestor {
  state: ScopeState;
  /** The scope this node opens (a function, class body or comprehension), made when its first child needs it. */
  own?: Scope;
}

/** Where a child (filling `field` of `parent`) is evaluated: a function's body and parameters in its own scope, a class body in the class's, a comprehension in its own, a default or annotation of a parameter in the scope around the function. */
function childState(parent: ScopedAncestor, field: string | null, newScope: (kind: Scope['kind'], parent: Scope) => Scope): ScopeState {
  const { type, state } = parent;
  const own = (kind: Scope['kind']) => (parent.own ??= newScope(kind, state.scope));
  if (type === 'function_definition' || type === 'lambda') {
    if (field === 'body') return { scope: own('function') };
    if (field === 'parameters') return { scope: own('function'), around: state.scope };
    return { scope: state.scope };
  }
  if (type === 'class_definition') return field === 'body' ? { scope: own('class') } : { scope: state.scope };
  if (comprehensions.has(type)) return { scope: own('comprehension') };
  if (state.around && field && outerFields[type]?.includes(field)) return { scope: state.around };
  return state;
}

/** Imports of the module and the names it uses without binding them, resolved by Python's scoping rules. */
export function readModuleNames(root: Node): ModuleNames {
  const imports = readImports(root);
  const wildcard = root.descendantsOfType('wildcard_import').length > 0;
  const scopes: Scope[] = [];
  const newScope = (kind: Scope['kind'], parent: Scope | undefined): Scope => {
    const scope: Scope = { kind, parent, bound: new Set(), globals: new Set() };
    scopes.push(scope);
    return scope;
  };
  const module = newScope('module', undefined);
  /** A walrus in a comprehension binds in the function around it; `global` names are settled after the walk. */
  const bind = (scope: Scope, name: string, walrus = false) => {
    let target = scope;
    while (walrus && target.kind === 'comprehension' && target.parent) target = target.parent;
    target.bound.add(name);
  };
  const references: Array<NameUse & { scope: Scope }> = [];
  // One cursor walk that keeps the ancestors (with the scope each is evaluated in): asking a node for its
  // parent costs tree-sitter a walk from the root, which made deeply nested code take the depth squared per name.
  const cursor = root.walk();
  const ancestors: ScopedAncestor[] = [];
  let imported = 0;
  try {
    for (;;) {
      const type = cursor.nodeType;
      const field = cursor.currentFieldName;
      const parent = ancestors[ancestors.length - 1];
      const state = parent ? childState(parent, field, newScope) : { scope: module };
      if (type === 'identifier' && imported === 0 && parent) {
        const member = parent.type === 'attribute' && field === 'attribute';
        const keyword = parent.type === 'keyword_argument' && field === 'name';
        const declaration = parent.type === 'global_statement' || parent.type === 'nonlocal_statement';
        if (!member && !keyword && !declaration) {
          if (isBinding(ancestors, field)) bind(state.scope, cursor.nodeText, parent.type === 'named_expression');
          else references.push({ name: cursor.nodeText, line: cursor.startPosition.row + 1, column: cursor.startPosition.column + 1, scope: state.scope });
        }
      } else if (type === 'global_statement') {
        for (const name of cursor.currentNode.namedChildren) if (name?.type === 'identifier') state.scope.globals.add(name.text);
      } else if (type === 'import_statement' || type === 'import_from_statement') {
        for (const binding of importsOf(cursor.currentNode)) bind(state.scope, binding.name);
      }
      if (cursor.gotoFirstChild()) {
        ancestors.push({ type, field, state });
        if (importTypes.has(type)) imported += 1;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break;
        const left = ancestors.pop()!;
        if (importTypes.has(left.type)) imported -= 1;
      }
      if (ancestors.length === 0) break;
    }
  } finally {
    cursor.delete();
  }
  if (wildcard) return { imports, unresolved: [] };
  for (const scope of scopes) for (const name of scope.globals) if (scope.bound.has(name)) module.bound.add(name);
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

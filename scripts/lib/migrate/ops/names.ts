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

/** Imports of the module and the names it uses without binding them (a NameError when the code runs). */
export function readModuleNames(root: Node): ModuleNames {
  const imports = readImports(root);
  const wildcard = root.descendantsOfType('wildcard_import').length > 0;
  const bound = new Set(imports.map((binding) => binding.name));
  const references: NameUse[] = [];
  // One cursor walk that keeps the ancestors: asking a node for its parent costs tree-sitter a walk from the
  // root, which made deeply nested code take the depth squared per name.
  const cursor = root.walk();
  const ancestors: Ancestor[] = [];
  let imported = 0;
  try {
    for (;;) {
      const type = cursor.nodeType;
      const field = cursor.currentFieldName;
      if (type === 'identifier' && imported === 0) {
        const parent = ancestors[ancestors.length - 1];
        const member = parent?.type === 'attribute' && field === 'attribute';
        const keyword = parent?.type === 'keyword_argument' && field === 'name';
        if (parent && !member && !keyword) {
          if (isBinding(ancestors, field)) bound.add(cursor.nodeText);
          else references.push({ name: cursor.nodeText, line: cursor.startPosition.row + 1, column: cursor.startPosition.column + 1 });
        }
      }
      if (cursor.gotoFirstChild()) {
        ancestors.push({ type, field });
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
  const seen = new Set<string>();
  const unresolved = references.filter((use) => {
    if (bound.has(use.name) || builtins.has(use.name) || seen.has(use.name)) return false;
    seen.add(use.name);
    return true;
  });
  return { imports, unresolved };
}

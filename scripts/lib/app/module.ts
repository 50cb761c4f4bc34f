import { dottedName, type Node } from '../parse/python.js';

/** `stkapp/user/views.py` -> `stkapp.user.views`; `stkapp/__init__.py` -> `stkapp`. */
export function moduleName(file: string): string {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts.at(-1) === '__init__') parts.pop();
  return parts.join('.');
}

/** The absolute module a `from <dots><name> import` names, seen from `current` (a package for `__init__.py`). */
function resolveRelative(current: string, isPackage: boolean, level: number, name: string): string {
  const parts = current.split('.');
  const base = parts.slice(0, Math.max(0, parts.length - level + (isPackage ? 1 : 0)));
  return [...base, ...(name ? [name] : [])].join('.');
}

/** A name an import statement binds: `from quart import request as rq` binds `rq` to `quart.request`. */
export interface ImportBinding {
  local: string;
  /** The fully qualified name, relative imports resolved against the file's package. */
  qualified: string;
  /** The import statement. */
  statement: Node;
}

/** Every name the file's import statements bind (anywhere in the file), and those statements. */
export function importBindings(root: Node, file: string): { bindings: Map<string, ImportBinding>; statements: Node[] } {
  const name = moduleName(file);
  const isPackage = file.endsWith('__init__.py');
  const bindings = new Map<string, ImportBinding>();
  const statements: Node[] = [];
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!statement) continue;
    statements.push(statement);
    const names = statement.childrenForFieldName('name').filter((child): child is Node => !!child);
    if (statement.type === 'import_statement') {
      for (const item of names) {
        if (item.type === 'aliased_import') {
          const alias = item.childForFieldName('alias')?.text;
          const target = item.childForFieldName('name')?.text;
          if (alias && target) bindings.set(alias, { local: alias, qualified: target, statement });
        } else {
          const first = item.text.split('.')[0]!;
          bindings.set(first, { local: first, qualified: first, statement });
        }
      }
      continue;
    }
    const source = statement.childForFieldName('module_name');
    if (!source) continue;
    let from = source.text;
    if (source.type === 'relative_import') {
      const prefix = source.namedChildren.find((child) => child?.type === 'import_prefix')?.text ?? '';
      const rest = source.namedChildren.find((child) => child?.type === 'dotted_name')?.text ?? '';
      from = resolveRelative(name, isPackage, prefix.length, rest);
    }
    for (const item of names) {
      const target = item.type === 'aliased_import' ? item.childForFieldName('name')?.text : item.text;
      const local = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : item.text;
      if (target && local) bindings.set(local, { local, qualified: `${from}.${target}`, statement });
    }
  }
  return { bindings, statements };
}

/** What each name bound by the file's import statements stands for: local name -> fully qualified dotted name. */
export function readImports(root: Node, file: string): Record<string, string> {
  return Object.fromEntries([...importBindings(root, file).bindings].map(([local, binding]) => [local, binding.qualified]));
}

/** The qualified dotted name of an expression through the file's imports: `sa.Column` -> `sqlalchemy.Column`. */
export function qualify(imports: Record<string, string>, node: Node | null | undefined): string | undefined {
  const dotted = dottedName(node);
  if (!dotted) return undefined;
  const [first, ...rest] = dotted.split('.');
  const bound = imports[first!];
  return bound ? [bound, ...rest].join('.') : dotted;
}

/** The innermost `def` holding `node`, if any. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'function_definition') return current;
  return undefined;
}

export function isAsync(definition: Node): boolean {
  return definition.children.some((child) => child?.type === 'async');
}

/** The decorators of a function or class definition, innermost last as written. */
export function decoratorsOf(definition: Node): Node[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((child): child is Node => child?.type === 'decorator');
}

/** The expression of a decorator: `bp.route("/")` for `@bp.route("/")`. */
export function decoratorExpression(decorator: Node): Node | undefined {
  return decorator.namedChildren.find((child): child is Node => !!child && child.type !== 'comment') ?? undefined;
}

/** The names of a function's parameters, with their annotations' text. */
export function parameters(definition: Node): { name: string; annotation: string | null }[] {
  return (definition.childForFieldName('parameters')?.namedChildren ?? []).flatMap((parameter) => {
    if (!parameter) return [];
    if (parameter.type === 'identifier') return [{ name: parameter.text, annotation: null }];
    const id = parameter.namedChildren.find((child) => child?.type === 'identifier');
    return id ? [{ name: id.text, annotation: parameter.childForFieldName('type')?.text ?? null }] : [];
  });
}

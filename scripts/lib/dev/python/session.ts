import { dottedName, lastName, type Node } from '../../parse/python.js';
import { boundNames, enclosingFunction, nodesOfType, qualify, type PythonModule } from './module.js';

/** The request-scoped session stk hands every request: `g.db_session`. */
function isRequestSession(module: PythonModule, node: Node): boolean {
  const name = qualify(module, node);
  return name === 'g.db_session' || name === 'quart.g.db_session' || name === 'flask.g.db_session';
}

const sessionParameters = new Set(['session', 'db_session', 'async_session', 'dbsession']);

function annotatedSession(parameter: Node): boolean {
  const type = parameter.childForFieldName('type');
  return type !== null && lastName(dottedName(type.namedChildren[0] ?? type)) === 'AsyncSession';
}

/** Names that hold a database session inside `scope` (a function, or the module): assigned from `g.db_session`, opened by `async with`, or given as a parameter. */
function sessionNames(module: PythonModule, scope: Node): Set<string> {
  const names = new Set<string>();
  const [start, end] = scope.type === 'module' ? [0, Number.POSITIVE_INFINITY] : [scope.startIndex, scope.endIndex];
  const inside = (node: Node) => node.startIndex >= start && node.startIndex < end;
  for (const assignment of nodesOfType(module, 'assignment').filter(inside)) {
    const value = assignment.childForFieldName('right');
    if (value && isRequestSession(module, value)) for (const name of boundNames(assignment.childForFieldName('left'))) names.add(name);
  }
  // `async with async_session() as session:`, `async with db.session() as s:`
  for (const item of nodesOfType(module, 'as_pattern').filter(inside)) {
    const value = item.namedChildren[0];
    const alias = item.childForFieldName('alias')?.namedChildren[0];
    if (item.parent?.type !== 'with_item' || value?.type !== 'call' || alias?.type !== 'identifier') continue;
    const callee = dottedName(value.childForFieldName('function')) ?? '';
    if (callee.toLowerCase().includes('session') || alias.text.toLowerCase().includes('session')) names.add(alias.text);
  }
  if (scope.type === 'function_definition') {
    for (const parameter of scope.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!parameter) continue;
      const id = parameter.type === 'identifier' ? parameter : parameter.namedChildren.find((child) => child?.type === 'identifier');
      if (id && (sessionParameters.has(id.text) || annotatedSession(parameter))) names.add(id.text);
    }
  }
  return names;
}

/** Recognises expressions that are an SQLAlchemy async session in one file (per-scope names computed once). */
export function sessionMatcher(module: PythonModule): (node: Node) => boolean {
  const byScope = new Map<number, Set<string>>();
  const namesIn = (scope: Node) => {
    let names = byScope.get(scope.id);
    if (!names) byScope.set(scope.id, (names = sessionNames(module, scope)));
    return names;
  };
  return (node) => {
    if (isRequestSession(module, node)) return true;
    if (node.type !== 'identifier') return false;
    for (let scope = enclosingFunction(module, node); scope; scope = enclosingFunction(module, scope)) {
      if (scope.type === 'function_definition' && namesIn(scope).has(node.text)) return true;
    }
    // a module-level `session = ...` of a script; an imported `session` (Quart's cookie session) is not one
    return !module.imports.has(node.text) && namesIn(module.root).has(node.text);
  };
}

import { dirname, join, normalize } from 'node:path';
import { callParts, dottedName, lastName, literal, parsePython, position, type Node } from '../parse/python.js';

import type { SettingsUrl, UrlRecipe } from './recipe.js';

export type { SettingsUrl, UrlRecipe } from './recipe.js';

const key = 'SQLALCHEMY_DATABASE_URI';
const pathFunctions = new Set(['abspath', 'realpath', 'normpath', 'fspath', 'str', 'expanduser']);
const pathMethods = new Set(['resolve', 'absolute', 'as_posix', 'expanduser']);

type Scope = Map<string, Node>;

function unknown(node: Node): UrlRecipe {
  return { kind: 'unknown', reason: `\`${node.text.split('\n')[0]?.slice(0, 60)}\`` };
}

function text(recipe: UrlRecipe): string | undefined {
  return recipe.kind === 'text' ? recipe.value : undefined;
}

/** Evaluates what can be known without running the module: literals, paths from `__file__`, the environment, `+`, `or`, f-strings. */
function evaluate(node: Node | null | undefined, scopes: Scope[], file: string, depth = 0): UrlRecipe {
  if (!node) return { kind: 'unknown', reason: 'nothing' };
  if (depth > 30) return unknown(node);
  const again = (child: Node | null | undefined) => evaluate(child, scopes, file, depth + 1);
  const value = literal(node);
  if (typeof value === 'string') return { kind: 'text', value };
  switch (node.type) {
    case 'parenthesized_expression':
      return again(node.namedChildren.find((child) => child?.type !== 'comment'));
    case 'identifier': {
      if (node.text === '__file__') return { kind: 'text', value: file };
      const bound = scopes.map((scope) => scope.get(node.text)).find(Boolean);
      return bound ? again(bound) : unknown(node);
    }
    case 'string': {
      const parts: UrlRecipe[] = [];
      for (const child of node.namedChildren) {
        if (child?.type === 'string_content') parts.push({ kind: 'text', value: child.text });
        else if (child?.type === 'interpolation') parts.push(again(child.childForFieldName('expression') ?? child.namedChildren[0]));
      }
      return { kind: 'concat', parts };
    }
    case 'boolean_operator': {
      if (node.childForFieldName('operator')?.text !== 'or') return unknown(node);
      return { kind: 'or', options: [again(node.childForFieldName('left')), again(node.childForFieldName('right'))] };
    }
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      const left = again(node.childForFieldName('left'));
      const right = again(node.childForFieldName('right'));
      if (operator === '+') return { kind: 'concat', parts: [left, right] };
      if (operator === '/' && text(left) !== undefined && text(right) !== undefined) return { kind: 'text', value: join(text(left)!, text(right)!) };
      return unknown(node);
    }
    case 'attribute': {
      const attribute = node.childForFieldName('attribute')?.text;
      if (attribute === 'parent') {
        const path = text(again(node.childForFieldName('object')));
        return path === undefined ? unknown(node) : { kind: 'text', value: dirname(path) };
      }
      const bound = dottedName(node);
      const classScope = bound?.split('.');
      if (classScope?.length === 2) {
        const owner = scopes.map((scope) => scope.get(`${classScope[0]}.${classScope[1]}`)).find(Boolean);
        if (owner) return again(owner);
      }
      return unknown(node);
    }
    case 'subscript': {
      const object = dottedName(node.childForFieldName('value'));
      const index = literal(node.childForFieldName('subscript'));
      if ((object === 'os.environ' || object === 'environ') && typeof index === 'string') return { kind: 'env', name: index, fallback: null };
      if (node.childForFieldName('value')?.type === 'attribute' && node.childForFieldName('value')?.childForFieldName('attribute')?.text === 'parents' && typeof index === 'number') {
        const path = text(again(node.childForFieldName('value')?.childForFieldName('object')));
        if (path === undefined) return unknown(node);
        let up = path;
        for (let level = 0; level <= index; level += 1) up = dirname(up);
        return { kind: 'text', value: up };
      }
      return unknown(node);
    }
    case 'call':
      return evaluateCall(node, again, file);
    default:
      return unknown(node);
  }
}

function evaluateCall(node: Node, again: (child: Node | null | undefined) => UrlRecipe, file: string): UrlRecipe {
  const fn = node.childForFieldName('function');
  const { callee, positional, keywords } = callParts(node);
  const name = lastName(callee);
  if (callee === 'os.environ.get' || callee === 'environ.get' || callee === 'os.getenv' || callee === 'getenv') {
    const variable = literal(positional[0] ?? keywords.get('key'));
    if (typeof variable !== 'string') return unknown(node);
    const fallback = positional[1] ?? keywords.get('default');
    return { kind: 'env', name: variable, fallback: fallback ? again(fallback) : null };
  }
  if (name === 'Path' || name === 'PurePath' || name === 'PosixPath') return positional[0] ? again(positional[0]) : { kind: 'text', value: dirname(file) };
  if (callee === 'os.path.join' || callee === 'path.join') {
    const parts = positional.map((part) => text(again(part)));
    return parts.every((part): part is string => part !== undefined) ? { kind: 'text', value: join(...parts) } : unknown(node);
  }
  if (callee === 'os.path.dirname' || callee === 'path.dirname') {
    const path = text(again(positional[0]));
    return path === undefined ? unknown(node) : { kind: 'text', value: dirname(path) };
  }
  if (name && pathFunctions.has(name) && positional.length === 1 && (callee === name || callee?.startsWith('os.'))) {
    const path = text(again(positional[0]));
    return path === undefined ? unknown(node) : { kind: 'text', value: normalize(path) };
  }
  if (fn?.type === 'attribute' && pathMethods.has(fn.childForFieldName('attribute')?.text ?? '') && positional.length === 0) {
    return again(fn.childForFieldName('object'));
  }
  return unknown(node);
}

function assignments(block: Node, prefix: string, into: Scope): void {
  for (const statement of block.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) into.set(`${prefix}${left.text}`, right);
  }
}

/** `app.config["SQLALCHEMY_DATABASE_URI"] = ...`, `app.config.update(SQLALCHEMY_DATABASE_URI=...)`, `from_mapping(...)`. */
function appConfigValues(root: Node): Array<{ node: Node; value: Node }> {
  const found: Array<{ node: Node; value: Node }> = [];
  for (const assignment of root.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (!assignment || left?.type !== 'subscript' || !right) continue;
    if (lastName(dottedName(left.childForFieldName('value'))) === 'config' && literal(left.childForFieldName('subscript')) === key) found.push({ node: assignment, value: right });
  }
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const { callee, keywords } = callParts(call);
    const value = keywords.get(key);
    if (value && (callee?.endsWith('config.update') || callee?.endsWith('config.from_mapping'))) found.push({ node: call, value });
  }
  return found;
}

/** Every place a module sets `SQLALCHEMY_DATABASE_URI`, each with its recipe. `file` is the module's absolute path. */
export async function readSettingsUrls(source: string, file: string): Promise<SettingsUrl[]> {
  const tree = await parsePython(source);
  try {
    const root = tree.rootNode;
    const module: Scope = new Map();
    assignments(root, '', module);
    const urls: SettingsUrl[] = [];
    for (const statement of root.namedChildren) {
      const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (definition?.type !== 'class_definition') continue;
      const name = definition.childForFieldName('name')?.text ?? '';
      const body = definition.childForFieldName('body');
      if (!body) continue;
      const own: Scope = new Map();
      assignments(body, '', own);
      assignments(body, `${name}.`, module);
      const value = own.get(key);
      if (value) urls.push({ where: name, line: position(value).line, recipe: evaluate(value, [own, module], file) });
    }
    const top = module.get(key);
    if (top) urls.push({ where: 'module', line: position(top).line, recipe: evaluate(top, [module], file) });
    for (const { node, value } of appConfigValues(root)) urls.push({ where: 'app.config', line: position(node).line, recipe: evaluate(value, [module], file) });
    return urls;
  } finally {
    tree.delete();
  }
}

import type { Node } from 'web-tree-sitter';
import type { SyntaxProblem } from './source.js';

/** Comments and backslash line continuations: tree-sitter keeps them among the children of any node. */
export function isExtra(node: Node): boolean {
  return node.type === 'comment' || node.type === 'line_continuation';
}

type Scope = 'module' | 'class' | 'def' | 'async def' | 'lambda';

export interface TreeCheck {
  /** The first place, in file order, where CPython's parser or compiler refuses what tree-sitter accepted. */
  problem: SyntaxProblem | undefined;
  /** Set when the tree is deeper than the limit: the walk stopped there. */
  tooDeep: { line: number; column: number } | undefined;
}

function at(node: Node, message: string): SyntaxProblem {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, message, kind: 'syntax' };
}

const literals = new Set(['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none', 'ellipsis']);
const splatParameters = new Set(['list_splat_pattern', 'dictionary_splat_pattern']);

function parameterName(parameter: Node): string | undefined {
  switch (parameter.type) {
    case 'identifier':
      return parameter.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return parameter.childForFieldName('name')?.text;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = parameter.namedChildren.find((child) => child?.type === 'identifier' || child?.type === 'list_splat_pattern' || child?.type === 'dictionary_splat_pattern');
      return inner ? parameterName(inner) : undefined;
    }
    default:
      return undefined;
  }
}

/** `def f(a, a)`, `def f(a=1, b)`, `def f(*)`, `def f(**k, a)`: refused by CPython, accepted by tree-sitter. */
function parametersProblem(parameters: Node): SyntaxProblem | undefined {
  const seen = new Set<string>();
  let defaulted = false;
  let starred = false;
  let bareStar: Node | undefined;
  let doubleStar = false;
  for (const parameter of parameters.namedChildren) {
    if (!parameter || isExtra(parameter) || parameter.type === 'positional_separator') continue;
    if (doubleStar) return at(parameter, 'arguments cannot follow var-keyword argument');
    if (parameter.type === 'keyword_separator') {
      starred = true;
      bareStar = parameter;
      continue;
    }
    const kind = parameter.type === 'typed_parameter' ? (parameter.namedChildren.find((child) => child && splatParameters.has(child.type))?.type ?? 'plain') : parameter.type;
    if (kind === 'dictionary_splat_pattern') {
      if (bareStar) return at(bareStar, 'named arguments must follow bare *');
      doubleStar = true;
    } else if (kind === 'list_splat_pattern') starred = true;
    else {
      bareStar = undefined;
      const hasDefault = parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter';
      if (hasDefault) defaulted = true;
      else if (defaulted && !starred) return at(parameter, 'non-default argument follows default argument');
    }
    const name = parameterName(parameter);
    if (name !== undefined) {
      if (seen.has(name)) return at(parameter, `duplicate argument '${name}' in function definition`);
      seen.add(name);
    }
  }
  if (bareStar) return at(bareStar, 'named arguments must follow bare *');
  return undefined;
}

/** `f(a=1, a=2)`, `f(a=1, 2)`, `f(**k, 2)`, `f(**k, *a)`. */
function argumentsProblem(argumentList: Node): SyntaxProblem | undefined {
  const keywords = new Set<string>();
  let keyword = false;
  let doubleStar = false;
  for (const argument of argumentList.namedChildren) {
    if (!argument || isExtra(argument)) continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text ?? '';
      if (keywords.has(name)) return at(argument, `keyword argument repeated: ${name}`);
      keywords.add(name);
      keyword = true;
    } else if (argument.type === 'dictionary_splat') doubleStar = true;
    else if (argument.type === 'list_splat') {
      if (doubleStar) return at(argument, 'iterable argument unpacking follows keyword argument unpacking');
    } else if (doubleStar) return at(argument, 'positional argument follows keyword argument unpacking');
    else if (keyword) return at(argument, 'positional argument follows keyword argument');
  }
  return undefined;
}

function isBytes(string: Node): boolean {
  const start = string.firstChild;
  const prefix = start?.type === 'string_start' ? start.text : '';
  return prefix.toLowerCase().includes('b');
}

/** The node's own rules, given where it stands; undefined when it is fine. */
function nodeProblem(node: Node, parentType: string | undefined, scope: Scope, inLoop: boolean): SyntaxProblem | undefined {
  switch (node.type) {
    case 'ERROR':
      return at(node, `invalid Python syntax: unexpected ${JSON.stringify(node.text.split('\n')[0]?.slice(0, 40) ?? '')}`);
    case 'argument_list':
      // one argument cannot clash with another: skip building the children (most calls are like this)
      return node.namedChildCount > 1 ? argumentsProblem(node) : undefined;
    case 'parameters':
    case 'lambda_parameters':
      return parametersProblem(node);
    case 'return_statement':
      return scope === 'def' || scope === 'async def' ? undefined : at(node, "'return' outside function");
    case 'yield':
      return scope === 'module' || scope === 'class' ? at(node, "'yield' outside function") : undefined;
    case 'await':
      if (scope === 'module' || scope === 'class') return at(node, "'await' outside function");
      return scope === 'async def' ? undefined : at(node, "'await' outside async function");
    case 'break_statement':
      return inLoop ? undefined : at(node, "'break' outside loop");
    case 'continue_statement':
      return inLoop ? undefined : at(node, "'continue' not properly in loop");
    case 'named_expression':
      return parentType !== undefined && walrusParents.has(parentType) ? undefined : at(node, 'invalid syntax: an assignment expression (:=) must be in parentheses here');
    case 'print_statement':
    case 'exec_statement': {
      if (node.namedChildren.some((child) => child?.type === 'chevron')) return undefined;
      const name = node.type === 'print_statement' ? 'print' : 'exec';
      return at(node, `Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`);
    }
    case 'concatenated_string': {
      const parts = node.namedChildren.filter((child): child is Node => child?.type === 'string');
      const bytes = parts.filter(isBytes).length;
      return bytes > 0 && bytes < parts.length ? at(node, 'cannot mix bytes and nonbytes literals') : undefined;
    }
    case 'assignment': {
      const left = node.childForFieldName('left');
      if (left?.type === 'list_splat_pattern') return at(left, 'starred assignment target must be in a list or tuple');
      if (left && left.namedChildren.filter((child) => child?.type === 'list_splat_pattern').length > 1) return at(left, 'multiple starred expressions in assignment');
      return undefined;
    }
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      if (left && ['pattern_list', 'tuple_pattern', 'tuple', 'expression_list'].includes(left.type)) return at(left, "'tuple' is an illegal expression for augmented assignment");
      if (left && ['list_pattern', 'list'].includes(left.type)) return at(left, "'list' is an illegal expression for augmented assignment");
      return undefined;
    }
    case 'delete_statement': {
      const target = node.namedChildren.find((child) => !!child && !isExtra(child));
      const targets = target?.type === 'expression_list' ? target.namedChildren : [target];
      for (const item of targets) {
        if (item?.type === 'call') return at(item, 'cannot delete function call');
        if (item && literals.has(item.type)) return at(item, 'cannot delete literal');
      }
      return undefined;
    }
    case 'as_pattern_target': {
      const target = node.namedChildren[0];
      return target && literals.has(target.type) ? at(target, 'cannot assign to literal') : undefined;
    }
    case 'wildcard_import':
      return scope === 'module' ? undefined : at(node, 'import * only allowed at module level');
    case 'nonlocal_statement':
      return scope === 'module' ? at(node, 'nonlocal declaration not allowed at module level') : undefined;
    case 'for_in_clause': {
      // `f(x for x in a, b)`: tree-sitter takes `a, b` as the iterable, CPython wants parentheses
      let afterIn = false;
      for (const child of node.children) {
        if (child?.type === 'in') afterIn = true;
        else if (afterIn && child?.type === ',') return at(child, 'invalid syntax: a comprehension over several values needs parentheses around them');
      }
      return undefined;
    }
    case 'import_statement':
    case 'import_from_statement': {
      const last = node.lastChild;
      if (last?.type === ',') return at(last, 'trailing comma not allowed without surrounding parentheses');
      if (node.type === 'import_statement') return undefined;
      // `from m import a.b`: only a module path is dotted, never what is imported from it
      for (const imported of node.childrenForFieldName('name')) {
        const name = imported?.type === 'aliased_import' ? imported.childForFieldName('name') : imported;
        if (name?.type === 'dotted_name' && name.namedChildCount > 1) return at(name, 'invalid syntax: a name imported with `from ... import` has no dots');
      }
      return undefined;
    }
    case 'try_statement': {
      const handlers = node.namedChildren.filter((child): child is Node => child?.type === 'except_clause');
      const bare = handlers.findIndex((handler) => handler.namedChildren.filter((child) => !!child && !isExtra(child)).length === 1);
      return bare >= 0 && bare < handlers.length - 1 ? at(handlers[bare]!, "default 'except:' must be last") : undefined;
    }
    default:
      return undefined;
  }
}

/** Where `x := y` may stand without parentheses of its own (CPython's grammar): anywhere else it needs them. */
const walrusParents = new Set([
  'parenthesized_expression',
  'argument_list',
  'if_statement',
  'elif_clause',
  'while_statement',
  'list',
  'set',
  'tuple',
  'subscript',
  'generator_expression',
  'list_comprehension',
  'set_comprehension',
]);

/** Parents whose `body` opens a scope or a loop. */
const scopeParents = new Set(['function_definition', 'lambda', 'class_definition', 'for_statement', 'while_statement']);

/** Node types whose own rules need the node; the walk skips building a node object for the rest. */
const checked = new Set([
  'ERROR',
  'argument_list',
  'parameters',
  'lambda_parameters',
  'return_statement',
  'yield',
  'await',
  'break_statement',
  'continue_statement',
  'named_expression',
  'print_statement',
  'exec_statement',
  'concatenated_string',
  'assignment',
  'augmented_assignment',
  'delete_statement',
  'as_pattern_target',
  'wildcard_import',
  'nonlocal_statement',
  'try_statement',
  'for_in_clause',
  'import_statement',
  'import_from_statement',
]);

/**
 * One walk over the tree, in file order: tree-sitter's ERROR and MISSING nodes, then what CPython's
 * parser and compiler refuse although tree-sitter's grammar accepts it (a repeated keyword argument, a
 * positional argument after a keyword one, `return` or `yield` outside a function, `break` outside a
 * loop, a `from __future__` import after other code, ...). Stops at the first problem, or where the tree
 * gets deeper than `maxDepth` (nothing past that point is read).
 */
export function checkTree(root: Node, maxDepth: number): TreeCheck {
  const cursor = root.walk();
  const hasError = root.hasError;
  const types: string[] = [];
  const scopes: Scope[] = [];
  const loops: boolean[] = [];
  const async: boolean[] = [];
  /** For a module or block at each depth: where its last statement ended, and whether a `;` came after it. */
  const lastStatementRow: number[] = [];
  const separated: boolean[] = [];
  let depth = 0;
  let codeSeen = false;
  let moduleStatements = 0;
  const found = (problem: SyntaxProblem): TreeCheck => ({ problem, tooDeep: undefined });
  try {
    for (;;) {
      // every read of the cursor crosses into WebAssembly: only what a rule needs is read
      const type = cursor.nodeType;
      const parentType = types[depth - 1];
      let scope: Scope = scopes[depth - 1] ?? 'module';
      let inLoop = loops[depth - 1] ?? false;
      if (parentType !== undefined && scopeParents.has(parentType)) {
        if (type === 'async') async[depth - 1] = true;
        else if (cursor.currentFieldName === 'body') {
          if (parentType === 'function_definition') [scope, inLoop] = [async[depth - 1] ? 'async def' : 'def', false];
          else if (parentType === 'lambda') [scope, inLoop] = ['lambda', false];
          else if (parentType === 'class_definition') [scope, inLoop] = ['class', false];
          else inLoop = true;
        }
      }
      types[depth] = type;
      scopes[depth] = scope;
      loops[depth] = inLoop;
      async[depth] = false;
      lastStatementRow[depth] = -1;
      separated[depth] = false;
      if (depth > maxDepth) {
        return { problem: undefined, tooDeep: { line: cursor.startPosition.row + 1, column: cursor.startPosition.column + 1 } };
      }
      if (hasError && cursor.nodeIsMissing) {
        const position = cursor.startPosition;
        return found({ line: position.row + 1, column: position.column + 1, message: `invalid Python syntax: missing ${type}`, kind: 'syntax' });
      }
      if ((parentType === 'module' || parentType === 'block') && type !== 'comment' && type !== 'line_continuation') {
        if (type === ';') separated[depth - 1] = true;
        else if (cursor.nodeIsNamed) {
          // `from a import b, c*d`: tree-sitter reads two statements on one line, CPython one statement it refuses
          const start = cursor.startPosition;
          if (start.row === lastStatementRow[depth - 1] && !separated[depth - 1]) {
            return found({ line: start.row + 1, column: start.column + 1, message: 'invalid syntax: two statements on one line without a `;` between them', kind: 'syntax' });
          }
          lastStatementRow[depth - 1] = cursor.endPosition.row;
          separated[depth - 1] = false;
          if (depth === 1) {
            moduleStatements += 1;
            if (type === 'future_import_statement') {
              if (codeSeen) return found(at(cursor.currentNode, 'from __future__ imports must occur at the beginning of the file'));
            } else if (!(moduleStatements === 1 && type === 'expression_statement' && cursor.currentNode.namedChildren[0]?.type === 'string')) codeSeen = true;
          }
        }
      }
      if (type === 'future_import_statement' && depth > 1) return found(at(cursor.currentNode, 'from __future__ imports must occur at the beginning of the file'));
      if (checked.has(type) && (type !== 'ERROR' || hasError)) {
        const problem = nodeProblem(cursor.currentNode, parentType, scope, inLoop);
        if (problem) return found(problem);
      }
      if (cursor.gotoFirstChild()) {
        depth += 1;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { problem: undefined, tooDeep: undefined };
        depth -= 1;
      }
    }
  } finally {
    cursor.delete();
  }
}

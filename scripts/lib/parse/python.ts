import type { Node, Parser, Tree } from 'web-tree-sitter';
import { grammarParser } from './tree-sitter.js';

export type { Node, Tree };

let parser: Promise<Parser> | undefined;

export function pythonParser(): Promise<Parser> {
  parser ??= grammarParser('tree-sitter-python.wasm', 'tree-sitter-python');
  return parser;
}

export async function parsePython(source: string): Promise<Tree> {
  const tree = (await pythonParser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** The first ERROR or MISSING node, 1-based, or undefined for a clean tree (any tree-sitter grammar; `language` names it in the message). */
export function firstSyntaxProblem(root: Node, language = 'Python'): SyntaxProblem | undefined {
  if (!root.hasError) return undefined;
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.isMissing || node.type === 'ERROR') {
      const what = node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.split('\n')[0]?.slice(0, 40) ?? '')}`;
      return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, message: `invalid ${language} syntax: ${what}` };
    }
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return { line: 1, column: 1, message: `invalid ${language} syntax` };
    }
  }
}

/** Position of a node, 1-based as editors show it. */
export function position(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** A Python literal evaluated without running anything; `undefined` for anything else. */
export type PyValue = string | number | boolean | null | PyValue[];

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', '\n': '' };

function unescape(sequence: string): string {
  const body = sequence.slice(1);
  if (/^[xuU][0-9a-fA-F]+$/.test(body)) return String.fromCodePoint(Number.parseInt(body.slice(1), 16));
  return escapes[body] ?? sequence;
}

/** A `string_content` node's text with the escape sequences tree-sitter nests inside it decoded. */
function contentText(content: Node, raw: boolean): string {
  if (raw) return content.text;
  let out = '';
  let at = 0;
  for (const sequence of content.namedChildren) {
    if (sequence?.type !== 'escape_sequence') continue;
    const start = sequence.startIndex - content.startIndex;
    out += content.text.slice(at, start) + unescape(sequence.text);
    at = start + sequence.text.length;
  }
  return out + content.text.slice(at);
}

function stringLiteral(node: Node): string | undefined {
  const start = node.firstChild?.text ?? '';
  if (/[fF]/.test(start)) return undefined;
  const raw = /[rR]/.test(start);
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') out += contentText(child, raw);
    else if (child.type === 'escape_sequence') out += raw ? child.text : unescape(child.text);
    else if (child.type === 'interpolation') return undefined;
  }
  return out;
}

export function literal(node: Node | null | undefined): PyValue | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'string':
      return stringLiteral(node);
    case 'concatenated_string': {
      const parts = node.namedChildren.map((part) => (part ? stringLiteral(part) : undefined));
      return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
    }
    case 'none':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
    case 'float': {
      const value = Number(node.text.replaceAll('_', ''));
      return Number.isNaN(value) ? undefined : value;
    }
    case 'unary_operator': {
      const value = literal(node.childForFieldName('argument'));
      return typeof value === 'number' && node.childForFieldName('operator')?.text === '-' ? -value : undefined;
    }
    case 'parenthesized_expression':
      return literal(node.namedChildren.find((child) => child?.type !== 'comment'));
    case 'tuple':
    case 'list':
    case 'set': {
      const items = node.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment').map(literal);
      return items.every((item) => item !== undefined) ? (items as PyValue[]) : undefined;
    }
    default:
      return undefined;
  }
}

/** `sa.String` -> "sa.String"; the dotted name of an identifier or attribute chain, else undefined. */
export function dottedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute')?.text;
    return object && attribute ? `${object}.${attribute}` : undefined;
  }
  return undefined;
}

export interface CallParts {
  callee: string | undefined;
  positional: Node[];
  keywords: Map<string, Node>;
}

/** The callee and arguments of a `call` node. */
export function callParts(call: Node): CallParts {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else positional.push(arg);
  }
  return { callee: dottedName(call.childForFieldName('function')), positional, keywords };
}

/** The last segment of a dotted name: `sa.Column` -> `Column`. */
export function lastName(dotted: string | undefined): string | undefined {
  return dotted?.split('.').pop();
}

/** The docstring of a module or function body: its first statement when it is a plain string. */
export function docstring(block: Node): string | undefined {
  const first = block.namedChildren.find((child) => child?.type !== 'comment');
  if (first?.type !== 'expression_statement') return undefined;
  const value = literal(first.namedChildren[0]);
  return typeof value === 'string' ? value : undefined;
}

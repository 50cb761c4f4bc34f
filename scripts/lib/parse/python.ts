import type { Node, Parser, Tree } from 'web-tree-sitter';
import { checkTree, isExtra } from './grammar.js';
import { describeBytes, limits, tooLarge } from './limits.js';
import { decodePython, type SyntaxProblem } from './source.js';
import { scanTokens, tokenProblem, type CommentLine } from './tokens.js';
import { grammarParser } from './tree-sitter.js';

export type { Node, Tree };
export type { SyntaxProblem } from './source.js';
export { isExtra };

let parser: Promise<Parser> | undefined;

export function pythonParser(): Promise<Parser> {
  parser ??= grammarParser('tree-sitter-python.wasm', 'tree-sitter-python');
  return parser;
}

/**
 * A tree of the text as tree-sitter reads it, for code we generate or edit (positions are the text's).
 * Long runs of comment lines are handed over blanked, as in `parsePythonFile`; reading a file to check it
 * goes through `parsePythonFile`, which also applies CPython's rules and the limits.
 */
export async function parsePython(source: string): Promise<Tree> {
  const tree = (await pythonParser()).parse(quietComments(source, scanTokens(source, new Set()).commentLines));
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** A Python file parsed and checked as CPython would read it. */
export interface PythonFile {
  /** The syntax tree; read only its top-level statements when `walkable` is false. */
  root: Node;
  /** The first reason CPython refuses the file (`syntax`), or why it was not checked (`limit`). */
  problem: SyntaxProblem | undefined;
  /** False past the size, time or depth limits: the tree is empty, or too deep for the checks to walk. */
  walkable: boolean;
  delete(): void;
}

type Found = { problem: SyntaxProblem; detected: { line: number; column: number } };

const found = (problem: SyntaxProblem | undefined): Found | undefined => problem && { problem, detected: problem };

/** The problem CPython meets first, reading the file from the top (a bracket never closed is met at the end). */
function earliest(...candidates: Array<Found | undefined>): SyntaxProblem | undefined {
  let first: Found | undefined;
  for (const candidate of candidates) {
    if (!candidate) continue;
    const { line, column } = candidate.detected;
    if (!first || line < first.detected.line || (line === first.detected.line && column < first.detected.column)) first = candidate;
  }
  return first?.problem;
}

/**
 * The text up to the end of the problem's line (at most a line's worth past the problem): all a refused
 * file needs parsing for, since its header comes first; error recovery on the garbage after it is slow.
 */
function upToProblem(text: string, problem: SyntaxProblem): string {
  let start = 0;
  for (let line = 1; line < problem.line; line++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return text;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  const cap = start + problem.column - 1 + 256;
  return text.slice(0, Math.min(end < 0 ? text.length : end + 1, cap));
}

/**
 * tree-sitter-python's scanner takes time quadratic in the length of a run of comment lines that follows
 * code (3,000 such lines: seconds). Runs longer than this are handed to it as lines of spaces (same
 * offsets, same line numbers); suppression comments stay.
 */
const commentRun = 32;

function quietComments(text: string, comments: readonly CommentLine[]): string {
  const blanked: CommentLine[] = [];
  for (let first = 0; first < comments.length; ) {
    let last = first;
    while (last + 1 < comments.length && comments[last + 1]!.line === comments[last]!.line + 1) last += 1;
    if (last - first + 1 >= commentRun) blanked.push(...comments.slice(first, last + 1).filter((comment) => !/stk(-migrate)?:/.test(text.slice(comment.start, comment.end))));
    first = last + 1;
  }
  if (blanked.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (const comment of blanked) {
    parts.push(text.slice(from, comment.start), ' '.repeat(comment.end - comment.start));
    from = comment.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Above this size, a file the tokenizer already refused is parsed only up to its first problem (error recovery on garbage is slow). */
const recoveryChars = 128 * 1024;

const tooDeep = () => `code nested more than ${limits.depth} syntax levels deep`;

/**
 * Reads a Python file as CPython would: decoding (PEP 263), the tokenizer's rules that tree-sitter does not
 * apply (indentation, tabs, nesting, literals), the grammar and compiler rules it does not apply, and the
 * limits past which nothing is checked. A file CPython refuses gets a problem of kind `syntax`.
 */
export async function parsePythonFile(input: Uint8Array | string): Promise<PythonFile> {
  const parser = await pythonParser();
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  const empty = (problem: SyntaxProblem): PythonFile => {
    const tree = parser.parse('')!;
    return { root: tree.rootNode, problem, walkable: false, delete: () => tree.delete() };
  };
  if (size > limits.bytes) return empty(tooLarge(`${describeBytes(size)}, past the limit of ${describeBytes(limits.bytes)} for one file`));
  const decoded = typeof input === 'string' ? { text: input, problem: undefined, undecodable: new Set<number>() } : decodePython(input);
  const { problem: tokens, commentLines } = scanTokens(decoded.text, decoded.undecodable);
  const refused = earliest(found(decoded.problem), tokens);
  const parsed = refused && decoded.text.length > recoveryChars ? upToProblem(decoded.text, refused) : decoded.text;
  const text = quietComments(
    parsed,
    commentLines.filter((comment) => comment.end <= parsed.length),
  );
  const deadline = Date.now() + limits.parseMilliseconds;
  const tree = parser.parse(text, null, { progressCallback: () => Date.now() > deadline });
  if (!tree) return empty(refused ?? tooLarge(`tree-sitter could not parse it within ${limits.parseMilliseconds / 1000} s`));
  const checked = checkTree(tree.rootNode, limits.depth);
  const problem = earliest(found(decoded.problem), tokens, found(checked.problem)) ?? (checked.tooDeep ? tooLarge(tooDeep(), checked.tooDeep) : undefined);
  return { root: tree.rootNode, problem, walkable: !checked.tooDeep, delete: () => tree.delete() };
}

/**
 * A file read to run rules on, as CPython reads it: past a limit the rules see an empty module (walking a
 * tree too deep would overflow the stack) and `problem` says why.
 */
export async function parseForRules(input: Uint8Array | string): Promise<PythonFile> {
  const parsed = await parsePythonFile(input);
  if (parsed.walkable) return parsed;
  parsed.delete();
  const tree = (await pythonParser()).parse('')!;
  return { root: tree.rootNode, problem: parsed.problem, walkable: false, delete: () => tree.delete() };
}

/** The first reason CPython refuses an already parsed text (all but the checks on bytes), or undefined. */
export function firstSyntaxProblem(root: Node): SyntaxProblem | undefined {
  const checked = checkTree(root, limits.depth);
  return earliest(tokenProblem(root.text), found(checked.problem)) ?? (checked.tooDeep ? tooLarge(tooDeep(), checked.tooDeep) : undefined);
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
  if ('xuU'.includes(body[0] ?? '.') && body.length > 1 && Number.isInteger(Number(`0x${body.slice(1)}`))) return String.fromCodePoint(Number.parseInt(body.slice(1), 16));
  return escapes[body] ?? sequence;
}

/** A `string_content` node's text with the escape sequences tree-sitter nests inside it decoded (`{{` in an f-string is `{`). */
function contentText(content: Node, raw: boolean): string {
  let out = '';
  let at = 0;
  for (const sequence of content.namedChildren) {
    if (sequence?.type !== 'escape_sequence' && sequence?.type !== 'escape_interpolation') continue;
    if (raw && sequence.type === 'escape_sequence') continue;
    const start = sequence.startIndex - content.startIndex;
    out += content.text.slice(at, start) + (sequence.type === 'escape_interpolation' ? sequence.text[0] : unescape(sequence.text));
    at = start + sequence.text.length;
  }
  return out + content.text.slice(at);
}

/** A string's value; undefined for an f-string with a replacement field (its value exists only when it runs). */
function stringLiteral(node: Node): string | undefined {
  const prefix = (node.firstChild?.text ?? '').toLowerCase();
  const raw = prefix.includes('r');
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') out += contentText(child, raw);
    else if (child.type === 'escape_sequence') out += raw ? child.text : unescape(child.text);
    else if (child.type === 'interpolation') return undefined;
  }
  return out;
}

/** How deep `literal` follows nested tuples and lists: a header or an argument never needs more. */
const literalDepth = 100;

function sequenceItems(node: Node, depth: number): PyValue[] | undefined {
  const items = node.namedChildren.filter((child): child is Node => !!child && !isExtra(child)).map((child) => literal(child, depth + 1));
  return items.every((item) => item !== undefined) ? (items as PyValue[]) : undefined;
}

/**
 * The value of an expression made of literals, as Python computes it without running code: strings (not
 * f-strings with replacement fields), numbers, booleans, None, tuples, lists and sets of them (a trailing
 * comma makes a tuple), `+` between strings or between sequences, and `tuple([...])` / `list((...))`.
 */
export function literal(node: Node | null | undefined, depth = 0): PyValue | undefined {
  if (!node || depth > literalDepth) return undefined;
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
      const value = literal(node.childForFieldName('argument'), depth + 1);
      return typeof value === 'number' && node.childForFieldName('operator')?.text === '-' ? -value : undefined;
    }
    case 'parenthesized_expression':
      return literal(
        node.namedChildren.find((child) => !!child && !isExtra(child)),
        depth + 1,
      );
    case 'tuple':
    case 'list':
    case 'set':
    case 'expression_list':
      return sequenceItems(node, depth);
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const left = literal(node.childForFieldName('left'), depth + 1);
      const right = literal(node.childForFieldName('right'), depth + 1);
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      return Array.isArray(left) && Array.isArray(right) ? [...left, ...right] : undefined;
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((child) => !!child && !isExtra(child));
      if (callee?.type !== 'identifier' || (callee.text !== 'tuple' && callee.text !== 'list') || args.length > 1) return undefined;
      if (args.length === 0) return [];
      const value = literal(args[0], depth + 1);
      return Array.isArray(value) ? value : undefined;
    }
    default:
      return undefined;
  }
}

/** `sa.String` -> "sa.String"; the dotted name of an identifier or attribute chain, else undefined. */
export function dottedName(node: Node | null | undefined): string | undefined {
  // a loop, not recursion: an attribute chain may be thousands of links long
  const parts: string[] = [];
  let current = node;
  while (current?.type === 'attribute') {
    const attribute = current.childForFieldName('attribute')?.text;
    if (!attribute) return undefined;
    parts.push(attribute);
    current = current.childForFieldName('object');
  }
  if (current?.type !== 'identifier') return undefined;
  parts.push(current.text);
  return parts.reverse().join('.');
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
    if (!arg || isExtra(arg)) continue;
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
  const first = block.namedChildren.find((child) => !!child && !isExtra(child));
  if (first?.type !== 'expression_statement') return undefined;
  const value = literal(first.namedChildren[0]);
  return typeof value === 'string' ? value : undefined;
}

/** The docstring as written between its quotes, escapes not decoded: `alembic revision -m` writes the message there verbatim. */
export function docstringSource(block: Node): string | undefined {
  const first = block.namedChildren.find((child) => !!child && !isExtra(child));
  const string = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (string?.type !== 'string') return undefined;
  return string.namedChildren
    .filter((child): child is Node => child?.type === 'string_content' || child?.type === 'escape_sequence')
    .map((child) => child.text)
    .join('');
}

import type { SyntaxProblem } from './source.js';

/** CPython's tokenizer limits (Parser/tokenizer.h): nested brackets and indentation levels. */
export const maxBracketDepth = 200;
export const maxIndentLevels = 100;
const tabSize = 8;

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';
const isAsciiLetter = (char: string) => (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
// Unicode's identifier classes for one character at a time (what Python's identifiers are made of), not a parse
const idStart = /\p{ID_Start}/u;
const idContinue = /\p{ID_Continue}/u;
const isNameStart = (char: string | undefined) => char !== undefined && (isAsciiLetter(char) || (char > '\x7f' && idStart.test(char)));
const isNameChar = (char: string | undefined) => char !== undefined && (isAsciiLetter(char) || isDigit(char) || (char > '\x7f' && idContinue.test(char)));

const closers: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const stringPrefixes = new Set(['', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf']);
const keywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
/** Keywords CPython lets touch a number (`1if x else 2`), with a warning rather than an error. */
const afterNumber = ['and', 'else', 'for', 'if', 'in', 'is', 'not', 'or'];
/** Operators that need something after them: a logical line cannot end with one (tree-sitter joins the next line to some). */
const dangling = new Set(['@', '+', '-', '/', '%', '<', '>', '=', '&', '|', '^', '~', '.', ':=', 'and', 'or', 'not', 'in', 'is', 'lambda', 'del', 'global', 'nonlocal', 'assert', 'import', 'from', 'with', 'as', 'if', 'elif', 'while', 'for', 'except', 'class', 'def']);
/** Keywords that open a compound statement: their line needs a `:` outside brackets. */
const compoundStarts = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async']);
/** The statements in which `as` may appear. */
const asClauses = new Set(['import', 'from', 'with', 'except', 'async', 'case']);
/** Keywords that are operands themselves. */
const constants = new Set(['True', 'False', 'None']);
/** Names that start a statement only at the start of a line: `match x:`, `case y:`, `type X = int`. */
const softKeywords = new Set(['match', 'case', 'type']);

function isWord(kind: string): boolean {
  return isNameStart(kind[0]);
}

/** Keywords that may come right after an operand: `x if y else z`, `a not in b`, `import a as b`, `raise x from y`. */
const afterOperand = new Set(['if', 'else', 'for', 'in', 'is', 'and', 'or', 'not', 'as', 'from', 'async']);

/** A token that cannot come right after an operand: a literal, a name, True/False/None, a keyword that starts something. */
function startsOperand(kind: string): boolean {
  return kind === '<string>' || kind === '<number>' || (isWord(kind) && !afterOperand.has(kind));
}

/** A token an operand can end with. */
function endsOperand(kind: string): boolean {
  return kind === '<string>' || kind === '<number>' || (isWord(kind) && (!keywords.has(kind) || constants.has(kind))) || kind === ')' || kind === ']' || kind === '}' || kind === '...';
}

const headerKinds: Record<string, string> = {
  def: 'function definition',
  class: 'class definition',
  async: 'function definition',
};


const unicodeError = "(unicode error) 'utf-8' codec can't decode these bytes: they are not UTF-8, and the file declares no other encoding (PEP 263)";

class Found extends Error {
  constructor(
    readonly problem: SyntaxProblem,
    readonly detected: { line: number; column: number },
  ) {
    super(problem.message);
  }
}

/** A tokenizer problem, and where the scan found it: at the end of the file for a bracket never closed, which CPython's parser reaches last. */
export interface TokenProblem {
  problem: SyntaxProblem;
  detected: { line: number; column: number };
}

/**
 * What CPython's tokenizer refuses and tree-sitter's error recovery lets through: inconsistent tabs and
 * spaces, an indentation that matches no outer level, an unexpected indent, a block header followed by no
 * indented block, brackets nested past CPython's limit or never closed, unterminated strings, bad
 * number literals and characters that are not Python. A hand-written scan of the characters, linear in
 * the size of the file; the first problem in file order, or undefined.
 */
export function tokenProblem(text: string, undecodable: ReadonlySet<number> = new Set()): TokenProblem | undefined {
  return scanTokens(text, undecodable).problem;
}

/** A line holding only a comment: its number and the comment's span in the text. */
export interface CommentLine {
  line: number;
  start: number;
  end: number;
}

/** The tokenizer's problem, and the lines that hold only a comment (up to the problem). */
export function scanTokens(text: string, undecodable: ReadonlySet<number> = new Set()): { problem: TokenProblem | undefined; commentLines: CommentLine[] } {
  const commentLines: CommentLine[] = [];
  try {
    scan(text, undecodable, commentLines);
    return { problem: undefined, commentLines };
  } catch (error) {
    if (error instanceof Found) return { problem: { problem: error.problem, detected: error.detected }, commentLines };
    throw error;
  }
}

function scan(text: string, undecodable: ReadonlySet<number>, commentLines: CommentLine[]): void {
  const length = text.length;
  let at = 0;
  let line = 1;
  let lineStart = 0;
  const brackets: Array<{ char: string; line: number; column: number }> = [];
  const indents = [0];
  const altIndents = [0];
  let continuation = false;
  /** The current logical line: its first word, its line, its last token. */
  let logical: { first: string; line: number; last: string; count: number; colon: boolean; assigned: boolean; annotated: boolean; lambdas: number } | undefined;
  /** A block header (`def f():`) whose indented block must come next. */
  let expectBlock: { first: string; line: number } | undefined;

  /** `atEnd`: CPython meets this problem only at the end of the file (a bracket never closed), whatever line it names. */
  const failAt = (where: { line: number; column: number }, message: string, atEnd = false): never => {
    throw new Found({ line: where.line, column: where.column, message, kind: 'syntax' }, atEnd ? { line, column: at - lineStart + 1 } : where);
  };
  const fail = (offset: number, message: string): never => failAt({ line, column: offset - lineStart + 1 }, message);
  const blockMessage = (header: { first: string; line: number }) =>
    `expected an indented block after ${headerKinds[header.first] ?? `'${header.first}' statement`} on line ${header.line}`;
  /** One token of the current logical line; two operands side by side (`x y`, `"a" import`) are refused here, as CPython's parser does. */
  const token = (kind: string, start: number) => {
    const operand = startsOperand(kind);
    // `from ...util import x`: the dots of a relative import end nothing
    if (logical && logical.first !== 'from' && operand && endsOperand(logical.last) && !(kind === '<string>' && logical.last === '<string>') && !(logical.count === 1 && softKeywords.has(logical.last))) {
      fail(start, 'invalid syntax: two operands with nothing between them (a missing comma or operator?)');
    }
    if (kind === 'as' && logical && !asClauses.has(logical.first)) fail(start, 'invalid syntax: `as` belongs to an import, a `with`, an `except` or a `case`');
    logical ??= { first: kind, line, last: kind, count: 0, colon: false, assigned: false, annotated: false, lambdas: 0 };
    const simple = !compoundStarts.has(logical.first) && !(softKeywords.has(logical.first) && logical.first !== 'type');
    if (brackets.length === 0) {
      if (kind === 'lambda') logical.lambdas += 1;
      else if (kind === '=') logical.assigned = true;
      else if (kind === ';') [logical.assigned, logical.annotated, logical.lambdas] = [false, false, 0];
      else if (kind === ':' && simple) {
        // outside brackets, a simple statement has a colon only for its annotation (`x: int = 1`) or a lambda
        if (logical.lambdas > 0) logical.lambdas -= 1;
        else if (!logical.assigned && !logical.annotated) logical.annotated = true;
        else fail(start, "invalid syntax: unexpected ':'");
      }
    }
    logical.last = kind;
    logical.count += 1;
    if (kind === ':' && brackets.length === 0) logical.colon = true;
  };
  const newline = (offset: number) => {
    // offset is the index of the line break character(s) just consumed
    line += 1;
    lineStart = offset;
  };

  /** Indentation at the start of a physical line outside brackets and continuations (tokenizer.c, tok_get). */
  const indentation = () => {
    let column = 0;
    let altColumn = 0;
    let offset = at;
    for (; offset < length; offset++) {
      const char = text[offset];
      if (char === ' ') {
        column += 1;
        altColumn += 1;
      } else if (char === '\t') {
        column = (Math.floor(column / tabSize) + 1) * tabSize;
        altColumn += 1;
      } else if (char === '\f') {
        column = 0;
        altColumn = 0;
      } else break;
    }
    const next = text[offset];
    at = offset;
    if (next === undefined || next === '#' || next === '\n' || next === '\r') return; // a blank line changes nothing
    const top = indents[indents.length - 1]!;
    const altTop = altIndents[altIndents.length - 1]!;
    if (column === top) {
      if (altColumn !== altTop) fail(offset, 'inconsistent use of tabs and spaces in indentation (TabError)');
      if (expectBlock) fail(offset, blockMessage(expectBlock));
    } else if (column > top) {
      if (!expectBlock) fail(offset, 'unexpected indent');
      if (indents.length >= maxIndentLevels) fail(offset, `too many levels of indentation (CPython allows ${maxIndentLevels - 1})`);
      if (altColumn <= altTop) fail(offset, 'inconsistent use of tabs and spaces in indentation (TabError)');
      indents.push(column);
      altIndents.push(altColumn);
    } else {
      if (expectBlock) fail(offset, blockMessage(expectBlock));
      while (indents.length > 1 && column < indents[indents.length - 1]!) {
        indents.pop();
        altIndents.pop();
      }
      if (column !== indents[indents.length - 1]) fail(offset, 'unindent does not match any outer indentation level');
      if (altColumn !== altIndents[altIndents.length - 1]) fail(offset, 'inconsistent use of tabs and spaces in indentation (TabError)');
    }
    expectBlock = undefined;
  };

  const endOfLogicalLine = (offset: number) => {
    if (logical && logical.last === ':') expectBlock = { first: logical.first, line: logical.line };
    else if (logical && dangling.has(logical.last)) fail(offset, `invalid syntax: the line ends with \`${logical.last}\``);
    else if (logical && compoundStarts.has(logical.first) && !logical.colon) fail(offset, `expected ':' (the \`${logical.first}\` line ends without it)`);
    logical = undefined;
  };

  /**
   * A string literal from its opening quote; `raw` strings still let a backslash protect the quote after
   * it. In an f-string, a replacement field may hold strings of its own, with any quotes (Python 3.12).
   */
  const stringLiteral = (start: number, formatted: boolean, bytes = false) => {
    const quote = text[at]!;
    const opened = { line, column: start - lineStart + 1 };
    const triple = text[at + 1] === quote && text[at + 2] === quote;
    at += triple ? 3 : 1;
    let fieldDepth = 0;
    for (;;) {
      if (at >= length) {
        failAt(opened, triple ? `unterminated triple-quoted string literal (detected at line ${line})` : `unterminated string literal (detected at line ${line})`);
      }
      const char = text[at]!;
      if (undecodable.has(at)) fail(at, unicodeError);
      if (bytes && char > '\x7f') fail(start, 'bytes can only contain ASCII literal characters');
      if (fieldDepth > 0) {
        if (char === '"' || char === "'") {
          let prefixStart = at;
          while (prefixStart > 0 && isAsciiLetter(text[prefixStart - 1]!)) prefixStart -= 1;
          stringLiteral(at, text.slice(prefixStart, at).toLowerCase().includes('f'));
          continue;
        }
        if (char === '{') fieldDepth += 1;
        else if (char === '}') fieldDepth -= 1;
        if (char === '\n' || char === '\r') {
          at += char === '\r' && text[at + 1] === '\n' ? 2 : 1;
          newline(at);
          continue;
        }
        at += 1;
        continue;
      }
      if (char === '\\') {
        const next = text[at + 1];
        if (next === '\r' && text[at + 2] === '\n') {
          at += 3;
          newline(at);
        } else if (next === '\n' || next === '\r') {
          at += 2;
          newline(at);
        } else at += 2;
        continue;
      }
      if (char === '\n' || char === '\r') {
        if (!triple) failAt(opened, `unterminated string literal (detected at line ${line})`);
        at += char === '\r' && text[at + 1] === '\n' ? 2 : 1;
        newline(at);
        continue;
      }
      if (formatted && char === '{') {
        if (text[at + 1] === '{') at += 2;
        else {
          fieldDepth = 1;
          at += 1;
        }
        continue;
      }
      if (char === quote && (!triple || (text[at + 1] === quote && text[at + 2] === quote))) {
        at += triple ? 3 : 1;
        return;
      }
      at += 1;
    }
  };

  /** Digits with single underscores between them; returns how many digits were read. */
  const digits = (accept: (char: string) => boolean, invalid: string, start: number): number => {
    let count = 0;
    for (;;) {
      const char = text[at];
      if (char !== undefined && accept(char)) {
        count += 1;
        at += 1;
      } else if (char === '_' && count > 0 && text[at + 1] !== undefined && accept(text[at + 1]!)) {
        at += 1;
      } else if (char === '_') {
        fail(start, invalid);
      } else return count;
    }
  };

  /** What may follow a number: not a name, unless it is one of the keywords CPython tolerates there. */
  const endOfNumber = (start: number, invalid: string) => {
    if (!isNameStart(text[at])) return;
    if (afterNumber.some((word) => text.startsWith(word, at))) return;
    fail(start, invalid);
  };

  const exponentAndImaginary = (start: number) => {
    if (text[at] === 'e' || text[at] === 'E') {
      const save = at;
      at += 1;
      if (text[at] === '+' || text[at] === '-') at += 1;
      if (!isDigit(text[at])) {
        at = save;
        fail(start, 'invalid decimal literal');
      }
      digits(isDigit, 'invalid decimal literal', start);
    }
    if (text[at] === 'j' || text[at] === 'J') at += 1;
    endOfNumber(start, 'invalid decimal literal');
  };

  const fraction = (start: number) => {
    // at '.', which belongs to the number
    at += 1;
    if (isDigit(text[at])) digits(isDigit, 'invalid decimal literal', start);
    exponentAndImaginary(start);
  };

  const number = (start: number) => {
    if (text[at] === '.') return fraction(start);
    if (text[at] === '0' && 'xXoObB'.includes(text[at + 1] ?? '.')) {
      const kind = text[at + 1]!.toLowerCase();
      const [name, accept, base] =
        kind === 'x'
          ? (['hexadecimal', (char: string) => isDigit(char) || (char.toLowerCase() >= 'a' && char.toLowerCase() <= 'f'), 16] as const)
          : kind === 'o'
            ? (['octal', (char: string) => char >= '0' && char <= '7', 8] as const)
            : (['binary', (char: string) => char === '0' || char === '1', 2] as const);
      at += 2;
      if (text[at] === '_') at += 1;
      if (digits(accept, `invalid ${name} literal`, start) === 0) fail(start, `invalid ${name} literal`);
      if (base !== 16 && isDigit(text[at])) fail(start, `invalid digit '${text[at]}' in ${name} literal`);
      endOfNumber(start, `invalid ${name} literal`);
      return;
    }
    const integerStart = at;
    digits(isDigit, 'invalid decimal literal', start);
    const integer = text.slice(integerStart, at).replaceAll('_', '');
    if (text[at] === '.') return fraction(start);
    if (text[at] === 'e' || text[at] === 'E' || text[at] === 'j' || text[at] === 'J') return exponentAndImaginary(start);
    if (integer.length > 1 && integer[0] === '0' && [...integer].some((digit) => digit !== '0')) {
      fail(start, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
    }
    endOfNumber(start, 'invalid decimal literal');
  };

  let physicalStart = true;
  while (at <= length) {
    if (physicalStart) {
      physicalStart = false;
      if (brackets.length === 0 && !continuation) indentation();
      continuation = false;
    }
    if (at >= length) break;
    const char = text[at]!;
    const start = at;
    if (char === ' ' || char === '\t' || char === '\f') {
      at += 1;
    } else if (char === '#') {
      while (at < length && text[at] !== '\n' && text[at] !== '\r') at += 1;
      if (!logical && brackets.length === 0) commentLines.push({ line, start, end: at });
    } else if (char === '\n' || char === '\r') {
      if (brackets.length === 0) endOfLogicalLine(at);
      at += char === '\r' && text[at + 1] === '\n' ? 2 : 1;
      newline(at);
      physicalStart = true;
    } else if (char === '\\') {
      const next = text[at + 1];
      if (next === '\n' || next === '\r') {
        at += next === '\r' && text[at + 2] === '\n' ? 3 : 2;
        newline(at);
        continuation = true;
        physicalStart = true;
      } else if (next === undefined) {
        fail(start, 'unexpected EOF while parsing');
      } else fail(start + 1, 'unexpected character after line continuation character');
    } else if (char === '"' || char === "'") {
      stringLiteral(start, false);
      token('<string>', start);
    } else if (isDigit(char) || (char === '.' && isDigit(text[at + 1]))) {
      number(start);
      token('<number>', start);
    } else if (isNameStart(char)) {
      while (isNameChar(text[at])) at += 1;
      const word = text.slice(start, at);
      if (text[at] === '"' || text[at] === "'") {
        if (stringPrefixes.has(word.toLowerCase())) {
          stringLiteral(start, word.toLowerCase().includes('f'), word.toLowerCase().includes('b'));
          token('<string>', start);
          continue;
        }
        if (!keywords.has(word)) fail(start, 'invalid syntax');
      }
      token(word, start);
    } else if (char === '(' || char === '[' || char === '{') {
      if (brackets.length >= maxBracketDepth) fail(start, `too many nested parentheses (CPython allows ${maxBracketDepth})`);
      brackets.push({ char, line, column: start - lineStart + 1 });
      token(char, start);
      at += 1;
    } else if (char === ')' || char === ']' || char === '}') {
      const open = brackets.pop();
      if (!open) fail(start, `unmatched '${char}'`);
      if (open!.char !== closers[char]) {
        fail(start, `closing parenthesis '${char}' does not match opening parenthesis '${open!.char}'${open!.line === line ? '' : ` on line ${open!.line}`}`);
      }
      token(char, start);
      at += 1;
    } else if (char === ':') {
      at += text[at + 1] === '=' ? 2 : 1;
      token(at - start === 2 ? ':=' : ':', start);
    } else if (char === '.' && text[at + 1] === '.' && text[at + 2] === '.') {
      at += 3;
      token('...', start);
    } else if (char === '$' || char === '?' || char === '`' || (char === '!' && text[at + 1] !== '=')) {
      fail(start, 'invalid syntax');
    } else if (char === '\0') {
      fail(start, 'source code cannot contain null bytes');
    } else if (undecodable.has(at)) {
      fail(start, unicodeError);
    } else if (char > '\x7f') {
      const point = char.codePointAt(0)!;
      fail(start, `invalid character '${String.fromCodePoint(point)}' (U+${point.toString(16).toUpperCase().padStart(4, '0')})`);
    } else {
      token(char, start);
      at += 1;
    }
  }
  if (continuation) fail(length, 'unexpected EOF while parsing');
  const open = brackets[brackets.length - 1];
  if (open) failAt(open, `'${open.char}' was never closed`, true);
  endOfLogicalLine(length);
  if (expectBlock) {
    // CPython points at the end of the last line
    const last = text.trimEnd();
    const lastLine = last.split('\n').length;
    failAt({ line: lastLine, column: last.length - last.lastIndexOf('\n') }, blockMessage(expectBlock));
  }
}

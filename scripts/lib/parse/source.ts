/** Where a Python file stops being checkable as CPython would read it: 1-based line and column. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
  /**
   * `syntax`: CPython (or Alembic, for a header) refuses the file; `limit`: past a size, nesting or
   * operation limit, so not checked; `unverified`: Python accepts it but the value cannot be read
   * without running it. Absent in data cached by older versions: treated as `syntax`.
   */
  kind?: 'syntax' | 'limit' | 'unverified';
  /** The fix, when the place that found the problem knows a better one than "fix the Python here". */
  help?: string;
}

/** Text of a Python file as CPython decodes it, and the reason CPython would refuse the bytes, if any. */
export interface DecodedSource {
  text: string;
  problem: SyntaxProblem | undefined;
  /** Offsets in `text` of U+FFFD standing for bytes that are not UTF-8: CPython refuses them wherever it decodes them (outside comments). */
  undecodable: ReadonlySet<number>;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Length of the valid UTF-8 sequence at `at` (strict: no overlong forms, surrogates or code points past U+10FFFF), or 0. */
function utf8Length(bytes: Uint8Array, at: number): number {
  const byte = bytes[at]!;
  const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return 0;
  for (let next = 1; next < length; next++) if ((bytes[at + next]! & 0xc0) !== 0x80) return 0;
  const second = bytes[at + 1] ?? 0;
  if ((byte === 0xe0 && second < 0xa0) || (byte === 0xed && second > 0x9f) || (byte === 0xf0 && second < 0x90) || (byte === 0xf4 && second > 0x8f)) return 0;
  return length;
}

/**
 * Decodes UTF-8 as `import` reads a module: bytes that are not UTF-8 are refused only where CPython
 * decodes them (strings, names), never in a comment. Each such byte becomes a U+FFFD whose offset in the
 * text is remembered, for the tokenizer to judge where it stands.
 */
function decodeUtf8(bytes: Uint8Array, undecodable: Set<number>): string {
  const parts: string[] = [];
  let textLength = 0;
  let from = 0;
  for (let at = 0; at < bytes.length; ) {
    if (bytes[at]! < 0x80) {
      at += 1;
      continue;
    }
    const length = utf8Length(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    const valid = Buffer.from(bytes.subarray(from, at)).toString('utf8');
    parts.push(valid, '\uFFFD');
    textLength += valid.length;
    undecodable.add(textLength);
    textLength += 1;
    at += 1;
    from = at;
  }
  parts.push(Buffer.from(bytes.subarray(from)).toString('utf8'));
  return parts.join('');
}

/** A physical line of the raw bytes (latin-1 view), without its line ending. */
function rawLine(bytes: Uint8Array, from: number): { text: string; next: number } {
  let end = from;
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  const next = end < bytes.length ? (bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? end + 2 : end + 1) : end;
  return { text: Buffer.from(bytes.subarray(from, end)).toString('latin1'), next };
}

const nameChars = (char: string) => (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9') || char === '-' || char === '_' || char === '.';

/** PEP 263: `# ... coding[:=] <name>` on a line that holds only a comment; undefined when the line declares nothing. */
function codingOf(line: string): string | undefined {
  let at = 0;
  while (line[at] === ' ' || line[at] === '\t' || line[at] === '\f') at++;
  if (line[at] !== '#') return undefined;
  for (let found = line.indexOf('coding', at); found >= 0; found = line.indexOf('coding', found + 1)) {
    let next = found + 'coding'.length;
    if (line[next] !== ':' && line[next] !== '=') continue;
    next++;
    while (line[next] === ' ' || line[next] === '\t') next++;
    let end = next;
    while (end < line.length && nameChars(line[end]!)) end++;
    if (end > next) return line.slice(next, end);
  }
  return undefined;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed === '' || trimmed.startsWith('#');
}

/** Python's own normalisation of a codec name (`UTF_8` -> `utf-8`, `latin_1` -> `iso-8859-1`). */
function normalEncoding(name: string): string {
  const lower = name.toLowerCase().replaceAll('_', '-');
  if (lower === 'utf-8' || lower.startsWith('utf-8-') || lower === 'utf8') return 'utf-8';
  for (const latin of ['latin-1', 'iso-8859-1', 'iso-latin-1', 'latin1', 'l1']) if (lower === latin || lower.startsWith(`${latin}-`)) return 'latin-1';
  return lower;
}

function declaredEncoding(bytes: Uint8Array, start: number): string | undefined {
  const first = rawLine(bytes, start);
  const fromFirst = codingOf(first.text);
  if (fromFirst !== undefined) return fromFirst;
  if (!isBlankOrComment(first.text)) return undefined;
  return codingOf(rawLine(bytes, first.next).text);
}

function problemAt(text: string, offset: number, message: string): SyntaxProblem {
  return { ...lineColumn(text, offset), message, kind: 'syntax' };
}

/** Lone CRs become LFs, as Python's universal newlines read them; CRLF stays (tree-sitter reads it), so offsets do not move. */
function universalNewlines(text: string): string {
  if (!text.includes('\r')) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text[at + 1] === '\n') continue;
    out += `${text.slice(from, at)}\n`;
    from = at + 1;
  }
  return out + text.slice(from);
}

/**
 * Decodes a Python file's bytes the way CPython does (PEP 263: a UTF-8 BOM, else a `coding` comment on
 * one of the first two lines, else strict UTF-8), and says why CPython would refuse them: bytes that are
 * not in the declared encoding, an unknown or contradictory declaration, a NUL byte.
 */
export function decodePython(bytes: Uint8Array): DecodedSource {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const start = bom ? 3 : 0;
  const declared = declaredEncoding(bytes, start);
  const encoding = declared === undefined ? 'utf-8' : normalEncoding(declared);
  let text: string;
  let problem: SyntaxProblem | undefined;
  const undecodable = new Set<number>();
  if (bom && encoding !== 'utf-8') {
    text = Buffer.from(bytes.subarray(start)).toString('utf8');
    problem = { line: 1, column: 1, message: `encoding problem: ${declared} with BOM`, kind: 'syntax' };
  } else if (encoding === 'utf-8') {
    text = decodeUtf8(bytes.subarray(start), undecodable);
  } else if (encoding === 'latin-1') {
    text = Buffer.from(bytes.subarray(start)).toString('latin1');
  } else {
    let decoder: TextDecoder | undefined;
    try {
      decoder = new TextDecoder(encoding, { fatal: true });
    } catch {
      // A codec Python may know and the platform does not: read it as latin-1 rather than guess a refusal.
      decoder = undefined;
    }
    if (decoder) {
      try {
        text = decoder.decode(bytes.subarray(start));
      } catch {
        text = Buffer.from(bytes.subarray(start)).toString('latin1');
        problem = { line: 1, column: 1, message: `the file is not valid ${declared}, the encoding it declares`, kind: 'syntax' };
      }
    } else {
      text = Buffer.from(bytes.subarray(start)).toString('latin1');
    }
  }
  const nul = text.indexOf('\0');
  if (nul >= 0 && (!problem || lineColumn(text, nul).line < problem.line)) problem = problemAt(text, nul, 'source code cannot contain null bytes');
  return { text: universalNewlines(text), problem, undecodable };
}

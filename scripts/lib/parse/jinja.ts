/**
 * Jinja's lexical layer: where `{{ ... }}`, `{% ... %}` and `{# ... #}` start and end, and which text
 * `{% raw %}` hands through untouched. A scanner over characters, as Jinja's own lexer sees a template:
 * string literals inside a tag may hold the closing delimiter. What the expressions mean is left to
 * a real parser (tree-sitter's Python grammar reads Jinja expressions well).
 */

export type JinjaKind = 'variable' | 'block' | 'comment';

export interface JinjaToken {
  kind: JinjaKind;
  /** Offset of the opening `{`. */
  start: number;
  /** Offset just past the closing `}`. */
  end: number;
  /** The text between the delimiters, whitespace-control marks (`-`, `+`) removed, not trimmed. */
  body: string;
  /** Offset of `body` in the source. */
  bodyStart: number;
}

export interface JinjaProblem {
  offset: number;
  message: string;
}

export interface JinjaScan {
  tokens: JinjaToken[];
  /** Contents of `{% raw %}` blocks: template text Jinja outputs as it stands, delimiters included. */
  raw: { start: number; end: number }[];
  problems: JinjaProblem[];
  /**
   * The source with every Jinja construct blanked, same length and lines: `{{ }}` becomes `_` (an identifier
   * to a script around it, plain text to HTML), tags and comments become spaces.
   */
  masked: string;
}

const closers: Record<string, [JinjaKind, string]> = { '{': ['variable', '}}'], '%': ['block', '%}'], '#': ['comment', '#}'] };

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && ((char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9') || char === '_');
}

/** Offset just past the closing delimiter of a tag opened at `start`, skipping string literals; -1 when unclosed. */
function tagEnd(source: string, start: number, close: string, strings: boolean): number {
  for (let at = start + 2; at < source.length; at += 1) {
    const char = source[at];
    if (strings && (char === '"' || char === "'")) {
      for (at += 1; at < source.length && source[at] !== char; at += 1) if (source[at] === '\\') at += 1;
      continue;
    }
    if (source.startsWith(close, at)) return at + close.length;
  }
  return -1;
}

function token(source: string, kind: JinjaKind, start: number, end: number): JinjaToken {
  let bodyStart = start + 2;
  let bodyEnd = end - 2;
  if (source[bodyStart] === '-' || source[bodyStart] === '+') bodyStart += 1;
  if (bodyEnd > bodyStart && (source[bodyEnd - 1] === '-' || source[bodyEnd - 1] === '+')) bodyEnd -= 1;
  return { kind, start, end, body: source.slice(bodyStart, bodyEnd), bodyStart };
}

/** The tag's keyword: `block` for `{% block content %}`, `endraw` for `{%- endraw %}`. */
export function tagName(tag: JinjaToken): string {
  let at = 0;
  while (isSpace(tag.body[at])) at += 1;
  const from = at;
  while (isNameChar(tag.body[at])) at += 1;
  return tag.body.slice(from, at);
}

/** What follows the keyword, with its offset in the source: `"layout.html"` for `{% extends "layout.html" %}`. */
export function tagArguments(tag: JinjaToken): { text: string; start: number } {
  const name = tagName(tag);
  const at = tag.body.indexOf(name) + name.length;
  return { text: tag.body.slice(at), start: tag.bodyStart + at };
}

/** Where the `{% endraw %}` closing a raw block that starts at `from` begins, as a token; undefined when missing. */
function endRaw(source: string, from: number): JinjaToken | undefined {
  for (let at = source.indexOf('{%', from); at >= 0; at = source.indexOf('{%', at + 2)) {
    const end = tagEnd(source, at, '%}', false);
    if (end < 0) return undefined;
    const candidate = token(source, 'block', at, end);
    if (tagName(candidate) === 'endraw' && tagArguments(candidate).text.trim() === '') return candidate;
  }
  return undefined;
}

export function scanJinja(source: string): JinjaScan {
  const tokens: JinjaToken[] = [];
  const raw: JinjaScan['raw'] = [];
  const problems: JinjaProblem[] = [];
  let at = source.indexOf('{');
  while (at >= 0 && at < source.length - 1) {
    const closer = closers[source[at + 1]!];
    if (!closer) {
      at = source.indexOf('{', at + 1);
      continue;
    }
    const [kind, close] = closer;
    const end = tagEnd(source, at, close, kind !== 'comment');
    if (end < 0) {
      problems.push({ offset: at, message: `this ${source.slice(at, at + 2)} is never closed with ${close}` });
      break;
    }
    const found = token(source, kind, at, end);
    tokens.push(found);
    at = end;
    if (kind === 'block' && tagName(found) === 'raw') {
      const closing = endRaw(source, end);
      if (!closing) {
        problems.push({ offset: found.start, message: 'this {% raw %} is never closed with {% endraw %}' });
        raw.push({ start: end, end: source.length });
        break;
      }
      raw.push({ start: end, end: closing.start });
      tokens.push(closing);
      at = closing.end;
    }
    at = source.indexOf('{', at);
  }
  const chars = source.split('');
  for (const { kind, start, end } of tokens) {
    for (let index = start; index < end; index += 1) if (chars[index] !== '\n' && chars[index] !== '\r') chars[index] = kind === 'variable' ? '_' : ' ';
  }
  return { tokens, raw, problems, masked: chars.join('') };
}

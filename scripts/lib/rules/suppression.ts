import type { Finding } from '../findings/schema.js';
import { position, type Node } from '../parse/python.js';
import type { LineMap } from '../text/lines.js';
import type { Suppression } from './types.js';

/**
 * `stk-migrate: ignore[rule-a, rule-b] reason` (or `stk: ignore[...]`), the text of a comment with its
 * comment marker removed: not source code.
 */
const directive = /^(stk(?:-migrate)?):\s*ignore\s*\[([^\]]*)\]\s*(.*)$/s;

/** The rules and reason of a suppression comment's text (`# ...`, `{# ... #}`, `<!-- ... -->`, `// ...`), or undefined. */
export function parseDirective(comment: string, knownRules: ReadonlySet<string>): Pick<Suppression, 'rules' | 'reason' | 'unknownRules' | 'prefix'> | undefined {
  const body = comment
    .trim()
    .replace(/^(#|\/\/|\{#-?|<!--)\s*/, '')
    .replace(/\s*(-?#\}|-->)$/, '');
  const match = directive.exec(body);
  if (!match) return undefined;
  const rules = (match[2] ?? '')
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean);
  const prefix = match[1] === 'stk' ? 'stk' : 'stk-migrate';
  return { rules, reason: (match[3] ?? '').trim(), unknownRules: rules.filter((rule) => !knownRules.has(rule) && !rule.startsWith('squawk/')), prefix };
}

function isDocstring(statement: Node, index: number): boolean {
  const child = statement.namedChildren[0];
  return index === 0 && statement.type === 'expression_statement' && statement.namedChildCount === 1 && (child?.type === 'string' || child?.type === 'concatenated_string');
}

/** The nearest token before (or after) a node in the source, comments skipped; null at the start (end) of the file. */
function neighbour(node: Node, direction: 'previous' | 'next'): Node | null {
  for (let current: Node | null = node; current; current = current.parent) {
    let sibling = direction === 'previous' ? current.previousSibling : current.nextSibling;
    while (sibling?.type === 'comment') sibling = direction === 'previous' ? sibling.previousSibling : sibling.nextSibling;
    if (sibling) return sibling;
  }
  return null;
}

/**
 * The suppression comments of a Python module. A comment on its own line before the first statement (the module
 * docstring aside) covers the whole file; any other covers its own line when it trails code, or the next
 * line of code when it stands alone.
 */
export function readSuppressions(root: Node, knownRules: ReadonlySet<string>): Suppression[] {
  const statements = root.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const firstCode = statements.find((statement, index) => !isDocstring(statement, index));
  const fileScopeEnds = firstCode ? firstCode.startPosition.row : Number.POSITIVE_INFINITY;
  const found: Suppression[] = [];
  for (const comment of root.descendantsOfType('comment')) {
    const parsed = comment ? parseDirective(comment.text, knownRules) : undefined;
    if (!comment || !parsed) continue;
    const row = comment.startPosition.row;
    const before = neighbour(comment, 'previous');
    const ownLine = !before || before.endPosition.row < row;
    const targets: number[] = [];
    if (ownLine) targets.push(neighbour(comment, 'next')?.startPosition.row ?? row);
    else {
      targets.push(row);
      // a comment after the closing parenthesis of a multi-line call also covers the line the call starts on
      const statement = comment.previousNamedSibling;
      if (statement && statement.endPosition.row === row) targets.push(statement.startPosition.row);
    }
    found.push({
      ...parsed,
      scope: ownLine && row < fileScopeEnds ? 'file' : 'line',
      targets: targets.map((target) => target + 1),
      ...position(comment),
    });
  }
  return found;
}

/** A comment found by any parser: its text with markers, and its offsets in the file. */
export interface CommentSpan {
  text: string;
  start: number;
  end: number;
}

/** The first offset at or after `from` that is neither whitespace nor inside one of the comments (sorted by start). */
function nextCode(source: string, comments: readonly CommentSpan[], from: number): number {
  let at = from;
  for (;;) {
    while (at < source.length && source[at]!.trim() === '') at += 1;
    const comment = comments.find((candidate) => candidate.start === at);
    if (!comment) return at;
    at = comment.end;
  }
}

/**
 * The suppression comments of a file read by offsets rather than a Python tree (a template with its HTML,
 * Jinja and script comments): the same scopes as in Python. A comment that only whitespace and other comments
 * precede covers the whole file; one on its own line covers the next line of code; one after code covers its line.
 */
export function readCommentSuppressions(source: string, comments: readonly CommentSpan[], lines: LineMap, knownRules: ReadonlySet<string>): Suppression[] {
  const sorted = [...comments].sort((a, b) => a.start - b.start);
  const firstCode = nextCode(source, sorted, 0);
  return sorted.flatMap((comment): Suppression[] => {
    const parsed = parseDirective(comment.text, knownRules);
    if (!parsed) return [];
    const at = lines.position(comment.start);
    const ownLine = source.slice(lines.lineStart(at.line), comment.start).trim() === '';
    const target = ownLine ? lines.position(Math.min(nextCode(source, sorted, comment.end), Math.max(source.length - 1, 0))).line : at.line;
    const opener = comment.text.startsWith('{#') ? '{#' : comment.text.startsWith('<!--') ? '<!--' : comment.text.startsWith('//') ? '//' : '#';
    return [{ ...parsed, scope: ownLine && comment.start < firstCode ? 'file' : 'line', targets: [target], ...at, opener }];
  });
}

/** Whether a suppression silences findings: it must give a reason (the `invalid-suppression` rule reports the ones that do not). */
export function isEffective(suppression: Suppression): boolean {
  return suppression.reason.length > 0;
}

/** Drops the findings that an effective suppression of this file covers. Works for any finding, squawk's included. */
export function applySuppressions(findings: Finding[], suppressions: Suppression[]): Finding[] {
  const effective = suppressions.filter(isEffective);
  return findings.filter(
    (finding) => !effective.some((suppression) => suppression.rules.includes(finding.rule) && (suppression.scope === 'file' || suppression.targets.includes(finding.line))),
  );
}

import type { Finding } from '../findings/schema.js';
import { position, type Node } from '../parse/python.js';
import type { Suppression } from './types.js';

/**
 * `stk-migrate: ignore[rule-a, rule-b] reason` (or `stk: ignore[...]`), the text of a comment with its
 * comment marker removed: not source code.
 */
const directive = /^stk(?:-migrate)?:\s*ignore\s*\[([^\]]*)\]\s*(.*)$/s;

/** The rules and reason of a suppression comment's text (`# ...`, `{# ... #}`, `<!-- ... -->`, `// ...`), or undefined. */
export function parseDirective(comment: string, knownRules: ReadonlySet<string>): Pick<Suppression, 'rules' | 'reason' | 'unknownRules'> | undefined {
  const body = comment
    .trim()
    .replace(/^(#|\/\/|\{#-?|<!--)\s*/, '')
    .replace(/\s*(-?#\}|-->)$/, '');
  const match = directive.exec(body);
  if (!match) return undefined;
  const rules = (match[1] ?? '')
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean);
  return { rules, reason: (match[2] ?? '').trim(), unknownRules: rules.filter((rule) => !knownRules.has(rule) && !rule.startsWith('squawk/')) };
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

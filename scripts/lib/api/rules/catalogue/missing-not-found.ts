import { dottedName, lastName, type Node } from '../../../parse/python.js';
import { at, isSessionCall, mentions, terminates } from '../python.js';
import type { ApiRule } from '../types.js';

const get = new Set(['get']);
/** Result methods that give None when no row matches. */
const optional = new Set(['scalar_one_or_none', 'first', 'one_or_none']);

/** `x = await g.db_session.get(Model, id)` (or `...scalar_one_or_none()`): the name `x`, when the value may be None. */
function maybeNone(statement: Node): string | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  let value = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || !value) return undefined;
  if (value.type === 'await') value = value.namedChildren[0] ?? null;
  if (value?.type !== 'call') return undefined;
  if (isSessionCall(value, get)) return left.text;
  return optional.has(lastName(dottedName(value.childForFieldName('function'))) ?? '') ? left.text : undefined;
}

/** The parts of a condition joined by `or` (`x is None or not x.active`). */
function alternatives(condition: Node): Node[] {
  if (condition.type === 'boolean_operator' && condition.childForFieldName('operator')?.text === 'or') {
    return [...alternatives(condition.childForFieldName('left')!), ...alternatives(condition.childForFieldName('right')!)];
  }
  if (condition.type === 'parenthesized_expression' && condition.namedChildren[0]) return alternatives(condition.namedChildren[0]);
  return [condition];
}

/** `x is None`, `x == None`, `not x`. */
function testsMissing(condition: Node, name: string): boolean {
  if (condition.type === 'not_operator') return condition.childForFieldName('argument')?.text === name;
  if (condition.type === 'comparison_operator') {
    const [left, right] = condition.namedChildren;
    const operator = condition.children.filter((child) => !!child && !child.isNamed).map((child) => child!.text).join(' ');
    return left?.text === name && right?.type === 'none' && (operator === 'is' || operator === '==');
  }
  return false;
}

/** `if x:`, `if x is not None:`, `if x and ...:`: the body only runs when x exists. */
function testsPresent(condition: Node, name: string): boolean {
  if (condition.type === 'identifier') return condition.text === name;
  if (condition.type === 'boolean_operator' && condition.childForFieldName('operator')?.text === 'and') return testsPresent(condition.childForFieldName('left')!, name);
  if (condition.type === 'comparison_operator') {
    const [left, right] = condition.namedChildren;
    const operator = condition.children.filter((child) => !!child && !child.isNamed).map((child) => child!.text).join(' ');
    return left?.text === name && right?.type === 'none' && (operator === 'is not' || operator === '!=');
  }
  return false;
}

/** The first read of `name` in the statements after its assignment that no None check guards. */
function unguardedUse(statements: Node[], name: string): Node | undefined {
  for (const statement of statements) {
    if (statement.type === 'if_statement') {
      const condition = statement.childForFieldName('condition')!;
      const consequence = statement.childForFieldName('consequence');
      if (alternatives(condition).some((part) => testsMissing(part, name))) {
        if (terminates(consequence)) return undefined;
        // a check that does not stop: inside it the value is None, after it it may still be
        const use = consequence ? mentions(consequence, name) : undefined;
        if (use) return use;
        continue;
      }
      if (testsPresent(condition, name)) {
        const others = statement.namedChildren.filter((child): child is Node => !!child && (child.type === 'elif_clause' || child.type === 'else_clause'));
        for (const other of others) {
          const use = mentions(other, name);
          if (use) return use;
        }
        continue;
      }
    }
    const target = statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment' ? statement.namedChildren[0].childForFieldName('left') : undefined;
    if (target?.type === 'identifier' && target.text === name) return undefined;
    const use = mentions(statement, name);
    if (use) return use;
  }
  return undefined;
}

export const missingNotFound: ApiRule = {
  id: 'missing-not-found',
  group: 'responses',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a route handler that uses the result of `await g.db_session.get(Model, id)` (or `scalar_one_or_none()`, `first()`) before checking it for `None` and answering 404.',
    why: 'An id that does not exist (deleted in another tab, mistyped, guessed) makes `get` return None, and the next line raises AttributeError: the client gets a 500 with a traceback in the log instead of a 404 it can explain.',
    example: '@bp.delete("/api/thing/<int:id>")\nasync def api_thing_delete(id):\n    thing = await g.db_session.get(Thing, id)\n    await g.db_session.delete(thing)',
    fix: '@bp.delete("/api/thing/<int:id>")\nasync def api_thing_delete(id):\n    thing = await g.db_session.get(Thing, id)\n    if thing is None:\n        return {"message": "Thing not found."}, 404\n    await g.db_session.delete(thing)',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) => {
      const reports = [];
      for (const block of handler.node.descendantsOfType('block')) {
        const statements = block?.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment') ?? [];
        for (const [index, statement] of statements.entries()) {
          const name = maybeNone(statement);
          const use = name ? unguardedUse(statements.slice(index + 1), name) : undefined;
          if (!name || !use) continue;
          reports.push({
            ...at(use),
            message: `\`${name}\` may be None (no row with that id) but is used here without a check, so a missing row answers 500 instead of 404.`,
            help: `right after fetching it: \`if ${name} is None:\` → \`return {"message": "... not found."}, 404\``,
          });
        }
      }
      return reports;
    });
  },
};

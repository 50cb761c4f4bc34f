import type { Node } from '../../../parse/python.js';
import { at, callsIn, isSessionCall } from '../python.js';
import type { ApiRule } from '../types.js';

const commit = new Set(['commit']);
const rollback = new Set(['rollback']);

/** The `try` statements around `node`, innermost first, up to the function. */
function tries(node: Node, stop: Node): Node[] {
  const found: Node[] = [];
  for (let current = node.parent; current && current.id !== stop.id; current = current.parent) {
    // a commit inside an except or finally clause is not protected by that try
    if (current.type === 'except_clause' || current.type === 'finally_clause') return found;
    if (current.type === 'try_statement') found.push(current);
  }
  return found;
}

function rollsBack(statement: Node): boolean {
  return statement.namedChildren.some((clause) => clause?.type === 'except_clause' && clause.descendantsOfType('call').some((call) => !!call && isSessionCall(call, rollback)));
}

export const mutationWithoutRollback: ApiRule = {
  id: 'mutation-without-rollback',
  group: 'mutations',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a `commit()` in a POST, PUT, PATCH or DELETE handler that is not inside a `try` whose `except` calls `await g.db_session.rollback()`.',
    why: 'A failed write (a constraint, a lost connection) then escapes as a 500 with a traceback instead of the 412 and `{"message": ...}` the front end shows, and the session is left in a failed transaction for whatever the request does next.',
    example: '@bp.post("/api/thing/")\nasync def api_thing_create():\n    thing = Thing()\n    await thing.from_dict((await request.json).get("item", {}))\n    g.db_session.add(thing)\n    await g.db_session.commit()\n    return {"message": "Thing created."}',
    fix: '@bp.post("/api/thing/")\nasync def api_thing_create():\n    thing = Thing()\n    try:\n        await thing.from_dict((await request.json).get("item", {}))\n        g.db_session.add(thing)\n        await g.db_session.commit()\n    except Exception:\n        await g.db_session.rollback()\n        log.exception("creating a thing failed")\n        return {"message": "Error creating the thing."}, 412\n    return {"message": "Thing created."}',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) => {
      if (!handler.mutation) return [];
      return callsIn(handler.node)
        .filter((call) => isSessionCall(call, commit) && !tries(call, handler.node).some(rollsBack))
        .map((call) => ({
          ...at(call),
          message: `${handler.name}() commits outside a try/except that rolls back: a failed write becomes a 500 and leaves the session in a failed transaction.`,
          help: 'wrap the writes and the commit in `try:`, and in `except Exception:` call `await g.db_session.rollback()`, log it and `return {"message": "..."}, 412`',
        }));
    });
  },
};

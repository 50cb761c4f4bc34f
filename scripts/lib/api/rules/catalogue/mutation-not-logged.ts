import { position } from '../../../parse/python.js';
import { callsFunction, callsIn, isActivityLog, isSessionCall, signInFunctions } from '../python.js';
import type { ApiRule } from '../types.js';

const writes = new Set(['commit', 'add', 'delete', 'flush', 'merge']);

export const mutationNotLogged: ApiRule = {
  id: 'mutation-not-logged',
  group: 'mutations',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports a POST, PUT, PATCH or DELETE handler that writes to the database (`add`, `delete`, `commit`, ...) without `Activity.register(...)`. Sign-in and sign-out handlers are left alone.',
    why: 'stk keeps an audit log of every change made through the admin API; a mutation that skips it leaves no trace of who changed what, which is exactly what an administrator looks for after a mistake.',
    example: '@bp.delete("/api/thing/<int:id>")\nasync def api_thing_delete(id):\n    ...\n    await g.db_session.delete(thing)\n    await g.db_session.commit()',
    fix: '@bp.delete("/api/thing/<int:id>")\nasync def api_thing_delete(id):\n    ...\n    await Activity.register(current_user.id, "Thing Delete", thing.to_dict())\n    await g.db_session.delete(thing)\n    await g.db_session.commit()',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) => {
      if (!handler.mutation || callsFunction(handler.node, signInFunctions)) return [];
      const calls = callsIn(handler.node);
      if (!calls.some((call) => isSessionCall(call, writes)) || calls.some(isActivityLog)) return [];
      return [
        {
          ...position(handler.node),
          message: `${handler.name}() changes the database without Activity.register(...), so the audit log never shows this change.`,
          help: `before the commit, \`await Activity.register(current_user.id, "<Model> <Action>", data)\` (an update logs \`{"old": old, "new": obj.to_dict()}\`)`,
        },
      ];
    });
  },
};

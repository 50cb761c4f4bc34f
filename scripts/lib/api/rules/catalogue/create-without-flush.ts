import { callParts, type Node } from '../../../parse/python.js';
import { at, callsIn, isActivityLog, isSessionCall, mentions } from '../python.js';
import type { ApiRule } from '../types.js';

const adds = new Set(['add']);
const flushes = new Set(['flush', 'commit']);

export const createWithoutFlush: ApiRule = {
  id: 'create-without-flush',
  group: 'mutations',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports `Activity.register(...)` logging a row added to the session (its id, `to_dict()`, or the object) before any `flush()` or `commit()` has given it an id.',
    why: 'The database assigns the id at the flush; before it, `thing.id` is None, so the audit log records a creation of "None" and nobody can later tell which row it was.',
    example: 'g.db_session.add(thing)\nawait Activity.register(current_user.id, "Thing Create", thing.to_dict())\nawait g.db_session.commit()',
    fix: 'g.db_session.add(thing)\nawait g.db_session.flush()\nawait Activity.register(current_user.id, "Thing Create", thing.to_dict())\nawait g.db_session.commit()',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) => {
      const calls = callsIn(handler.node).sort((a, b) => a.startIndex - b.startIndex);
      return calls.flatMap((add, index) => {
        if (!isSessionCall(add, adds)) return [];
        const object = callParts(add).positional[0];
        if (object?.type !== 'identifier') return [];
        const later = calls.slice(index + 1);
        const flush = later.find((call) => isSessionCall(call, flushes));
        return later
          .filter((call): call is Node => isActivityLog(call) && (!flush || call.startIndex < flush.startIndex) && !!mentions(call.childForFieldName('arguments')!, object.text))
          .map((call) => ({
            ...at(call),
            message: `\`${object.text}\` is logged before the flush that gives it an id, so the activity log records id None.`,
            help: `\`await g.db_session.flush()\` right after \`g.db_session.add(${object.text})\`, before Activity.register`,
          }));
      });
    });
  },
};

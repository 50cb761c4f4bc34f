import { assignedTo, at, boundedLater, requestArgument, wrappedBy } from '../python.js';
import type { ApiRule } from '../types.js';

const pageKeys = new Set(['page']);
const bounding = new Set(['max']);

export const pageBelowOne: ApiRule = {
  id: 'page-below-one',
  group: 'paging',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports a page number taken from the request (`request.args.get("page", ...)`) that is never raised to at least 1: not inside `max(..., 1)` and never checked with `< 1`.',
    why: '`?page=0` or `?page=-3` makes `offset((page - 1) * per_page)` negative: PostgreSQL refuses it (a 500), SQLite treats it as no offset, so the same request behaves differently in development and in production.',
    example: 'page = request.args.get("page", 1, type=int)\nquery = query.offset((page - 1) * per_page)',
    fix: 'page = max(request.args.get("page", 1, type=int), 1)\nquery = query.offset((page - 1) * per_page)',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) =>
      handler.node.descendantsOfType('call').flatMap((call) => {
        const read = call ? requestArgument(call, pageKeys) : undefined;
        if (!read || read.id !== call!.id || wrappedBy(read, bounding, handler.node)) return [];
        const target = assignedTo(read);
        if (target && boundedLater(handler.node, target.name, 'lower')) return [];
        return [
          {
            ...at(read),
            message: `${handler.name}() takes the page number from the request without raising it to 1, so ?page=0 gives a negative offset (an error on PostgreSQL).`,
            help: '`page = max(request.args.get("page", 1, type=int), 1)`',
          },
        ];
      }),
    );
  },
};

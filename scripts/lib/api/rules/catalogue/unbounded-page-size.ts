import { assignedTo, at, boundedLater, requestArgument, wrappedBy } from '../python.js';
import type { ApiRule } from '../types.js';

/** Query arguments that set how many rows a page holds. */
export const pageSizeKeys: ReadonlySet<string> = new Set(['per_page', 'perPage', 'page_size', 'pageSize', 'limit', 'size', 'itemsPerPage']);
const bounding = new Set(['min']);

export const unboundedPageSize: ApiRule = {
  id: 'unbounded-page-size',
  group: 'paging',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports a page size taken from the request (`request.args.get("per_page", ...)`) with no upper bound: not inside `min(...)` and never compared with a maximum.',
    why: 'Any client can ask for `?per_page=1000000` and get every row in one response: one request then loads the whole table into memory and serialises it, which is slow for everyone and hands a scraper the full data set.',
    example: 'per_page = request.args.get("per_page", PER_PAGE, type=int)',
    fix: 'per_page = min(max(request.args.get("per_page", PER_PAGE, type=int), 1), MAX_PER_PAGE)',
  },
  check({ handlers }) {
    return handlers.flatMap((handler) => {
      const seen = new Set<number>();
      return handler.node.descendantsOfType('call').flatMap((call) => {
        const read = call ? requestArgument(call, pageSizeKeys) : undefined;
        if (!read || read.id !== call!.id || seen.has(read.id) || wrappedBy(read, bounding, handler.node)) return [];
        seen.add(read.id);
        const target = assignedTo(read);
        if (target && boundedLater(handler.node, target.name, 'upper')) return [];
        return [
          {
            ...at(read),
            message: `${handler.name}() takes the page size from the request without an upper bound, so one request can ask for every row.`,
            help: 'clamp it: `per_page = min(max(request.args.get("per_page", PER_PAGE, type=int), 1), MAX_PER_PAGE)` with a module constant such as `MAX_PER_PAGE = 100`',
          },
        ];
      });
    });
  },
};

import { methodsOverlap, routeShape } from '../../../app/paths.js';
import type { ApiRule } from '../types.js';

export const routeConflict: ApiRule = {
  id: 'route-conflict',
  group: 'routes',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a route whose method and full path (after the blueprint\'s url_prefix and its registration) another route of the app also declares, converter names aside (`<int:id>` and `<int:post_id>` are the same path).',
    why: 'Quart serves the first rule it matched and never calls the other handler; which one wins depends on the order blueprints are registered, so a new endpoint can silently shadow an old one (or never run).',
    example: '@bp_user.post("/api/user/<int:id>")\nasync def api_user_update(id): ...\n\n@bp_user.post("/api/user/<int:user_id>")\nasync def api_user_disable(user_id): ...',
    fix: '@bp_user.post("/api/user/<int:id>")\nasync def api_user_update(id): ...\n\n@bp_user.post("/api/user/<int:id>/disable")\nasync def api_user_disable(id): ...',
  },
  check({ file, handlers, app }) {
    return handlers.flatMap((handler) =>
      handler.routes.flatMap((route) => {
        if (route.path === null) return [];
        const shape = routeShape(route.path);
        const other = app.routes.find(
          (candidate) => candidate !== route && !(candidate.file === route.file && candidate.line === route.line && candidate.handler === route.handler) && candidate.path !== null && routeShape(candidate.path) === shape && methodsOverlap(candidate.methods, route.methods).length > 0,
        );
        if (!other) return [];
        const methods = methodsOverlap(other.methods, route.methods).join(', ');
        return [
          {
            line: route.line,
            column: route.column,
            message: `${methods} ${route.path} is also declared by ${other.handler}() at ${other.file === file ? '' : `${other.file}:`}${other.line}; Quart calls only one of them.`,
            help: 'give one of the two routes another path or method, or merge the handlers',
          },
        ];
      }),
    );
  },
};

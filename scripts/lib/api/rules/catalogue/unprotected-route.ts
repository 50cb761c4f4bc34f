import { callsFunction, signInFunctions } from '../python.js';
import type { ApiRule } from '../types.js';

export const unprotectedRoute: ApiRule = {
  id: 'unprotected-route',
  group: 'auth',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a route without auth (no auth decorator on it, and no `before_request` of its blueprint or the app that requires it) when other routes of its blueprint require auth, and any POST, PUT, PATCH or DELETE route without auth. Sign-in and sign-out handlers (they call `login_user`/`logout_user`) are left alone.',
    why: 'Anyone who can reach the server can call a route without auth: an admin API next to protected ones, or a mutation, lets an anonymous client read or change data, and nothing in the page shows it.',
    example: 'bp = Blueprint("things", __name__)\n\n@bp.post("/api/thing/")\nasync def api_thing_create(): ...',
    fix: 'bp = Blueprint("things", __name__)\n\n@bp.before_request\n@auth_required("session")\n@roles_required("admin")\nasync def before_request():\n    pass\n\n@bp.post("/api/thing/")\nasync def api_thing_create(): ...',
  },
  check({ handlers, app }) {
    return handlers.flatMap((handler) =>
      handler.routes.flatMap((route) => {
        if (route.auth.sources.length > 0 || callsFunction(handler.node, signInFunctions)) return [];
        const protectedSibling = app.routes.find((other) => other.blueprint === route.blueprint && other.auth.sources.length > 0);
        const mutation = route.methods.some((method) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method));
        if (!protectedSibling && !mutation) return [];
        const why = protectedSibling
          ? `other routes of blueprint ${route.blueprintName ?? route.variable} require auth (${protectedSibling.handler}() at ${protectedSibling.file}:${protectedSibling.line})`
          : 'it changes data';
        return [
          {
            line: route.line,
            column: route.column,
            message: `${route.methods.join(',')} ${route.path ?? route.rule ?? ''} has no auth although ${why}: any anonymous client can call it.`,
            help: 'add `@auth_required("session")` and `@roles_required("admin")` under the route decorator, or require them once for the blueprint in a `before_request` handler',
          },
        ];
      }),
    );
  },
};

import type { AppBlueprint, AppModel, AppRoute } from './model.js';

export function blueprintLabel(blueprint: AppBlueprint): string {
  if (blueprint.kind === 'app') return `app (${blueprint.variable})`;
  return `blueprint ${blueprint.name ?? '?'} (${blueprint.variable})`;
}

function registrationLine(blueprint: AppBlueprint, model: AppModel): string {
  if (blueprint.kind === 'app') return '';
  if (blueprint.registrations.length === 0) return '  registered: nowhere (its routes are not served)';
  const parents = new Map(model.blueprints.map((item) => [item.id, item]));
  const where = blueprint.registrations.map((registration) => {
    const parent = parents.get(registration.parent);
    const on = parent && parent.kind === 'blueprint' ? ` on ${blueprintLabel(parent)}` : '';
    const prefix = 'urlPrefix' in registration ? ` with url_prefix ${JSON.stringify(registration.urlPrefix)}` : '';
    return `${registration.file}:${registration.line}${registration.function ? ` in ${registration.function}()` : ''}${on}${prefix}`;
  });
  return `  registered: ${where.join('; ')}${blueprint.registered ? '' : ' (under a blueprint the app never registers)'}`;
}

function routeLine(route: AppRoute, widths: { methods: number; path: number; handler: number }): string {
  const auth = route.auth.source === 'none' ? 'auth: none' : `auth: ${route.auth.source}`;
  return `  ${route.methods.join(',').padEnd(widths.methods)}  ${(route.path ?? `${route.rule ?? '?'} (not a literal)`).padEnd(widths.path)}  ${route.handler.padEnd(widths.handler)}  ${`${route.file}:${route.line}`}  ${route.async ? 'async' : 'SYNC'}  ${auth}`;
}

/** `routes --format text`: each blueprint with where it is registered and its auth, then its routes. */
export function renderRoutesText(model: AppModel): string {
  const widths = {
    methods: Math.max(0, ...model.routes.map((route) => route.methods.join(',').length)),
    path: Math.max(0, ...model.routes.map((route) => (route.path ?? '').length)),
    handler: Math.max(0, ...model.routes.map((route) => route.handler.length)),
  };
  const lines: string[] = [];
  for (const blueprint of model.blueprints) {
    const routes = model.routes.filter((route) => route.blueprint === blueprint.id);
    if (blueprint.kind === 'app' && routes.length === 0 && blueprint.auth.length === 0) continue;
    lines.push(`${blueprintLabel(blueprint)} ${blueprint.file}:${blueprint.line}${blueprint.kind === 'blueprint' ? `, url_prefix ${blueprint.urlPrefix ? JSON.stringify(blueprint.urlPrefix) : 'none'}` : ''}`);
    const registered = registrationLine(blueprint, model);
    if (registered) lines.push(registered);
    lines.push(
      blueprint.auth.length === 0
        ? '  blueprint-level auth: none'
        : `  blueprint-level auth: ${blueprint.auth.map((hook) => `${hook.decorators.map((decorator) => decorator.text).join(', ')} on ${hook.function}() at ${hook.file}:${hook.line}`).join('; ')}`,
    );
    if (routes.length === 0) lines.push('  (no routes)');
    for (const route of routes) lines.push(routeLine(route, widths));
    lines.push('');
  }
  const unprotected = model.routes.filter((route) => route.auth.source === 'none').length;
  lines.push(`${model.routes.length} route${model.routes.length === 1 ? '' : 's'} in ${model.blueprints.filter((item) => item.kind === 'blueprint').length} blueprints; ${unprotected} without auth`);
  for (const problem of model.problems) lines.push(`⚠ ${problem.file}:${problem.line}: ${problem.message}; its routes may be missing`);
  return `${lines.join('\n')}\n`;
}

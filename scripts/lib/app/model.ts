import { joinPath } from './paths.js';
import type { AppFile, AppObjectDef, AuthDecorator, HandlerDef, HandlerKind, OwnerRef } from './read.js';

/** Where an app object is registered: `app.register_blueprint(bp_user)` in `register_blueprints`. */
export interface Registration {
  file: string;
  line: number;
  function: string | null;
  /** The `url_prefix=` the call gives; undefined when it gives none (the blueprint's own applies). */
  urlPrefix?: string | null;
  /** The id of what it is registered on (the app, or a parent blueprint). */
  parent: string;
}

/** A request hook that requires auth: `@bp.before_request` under `@auth_required(...)`. */
export interface AuthHook {
  function: string;
  file: string;
  line: number;
  decorators: AuthDecorator[];
}

export interface AppBlueprint {
  /** `<module>:<variable>`: unique in the project. */
  id: string;
  kind: 'blueprint' | 'app';
  variable: string;
  /** The blueprint's name (endpoints are `<name>.<function>`); null for the app or a name that is not a literal. */
  name: string | null;
  file: string;
  line: number;
  /** `url_prefix=` of `Blueprint(...)`. */
  declaredPrefix: string | null;
  /** The prefix its routes get: the registration's when it gives one, else its own, after the parent's for a nested blueprint. */
  urlPrefix: string | null;
  registrations: Registration[];
  /** The app itself, or a blueprint registered (directly or through a parent) on it. */
  registered: boolean;
  /** Its `before_request` handlers with auth decorators: every route of the blueprint requires that auth. */
  auth: AuthHook[];
}

export type AuthSource = 'app' | 'blueprint' | 'route';

export interface RouteAuth {
  /** Where the route's auth comes from, e.g. `blueprint`, `blueprint+route`, or `none`. */
  source: string;
  sources: AuthSource[];
  /** Every auth decorator that applies, as written: `auth_required("session")`. */
  decorators: string[];
}

export interface AppRoute {
  /** Id of the blueprint (or app) it is declared on. */
  blueprint: string;
  blueprintName: string | null;
  variable: string;
  kind: 'route' | 'websocket';
  methods: string[];
  /** The rule as declared, null when it is not a literal. */
  rule: string | null;
  /** The full path after prefixes, null when the rule is not a literal. */
  path: string | null;
  handler: string;
  /** `<blueprint name>.<endpoint>`, as `url_for` takes it. */
  endpoint: string;
  file: string;
  /** The decorator's line. */
  line: number;
  column: number;
  functionLine: number;
  async: boolean;
  auth: RouteAuth;
  /** Identifiers the handler uses. */
  names: string[];
}

/** A request hook of an app object (before_request, errorhandler, ...), for rules that check handlers of any kind. */
export interface AppHook {
  blueprint: string;
  kind: HandlerKind;
  function: string;
  file: string;
  line: number;
  functionLine: number;
  async: boolean;
  auth: AuthDecorator[];
}

/** The application as its source declares it: blueprints, where they are registered, their routes and auth. */
export interface AppModel {
  blueprints: AppBlueprint[];
  routes: AppRoute[];
  hooks: AppHook[];
  /** Files that do not parse: what they declare may be missing. */
  problems: { file: string; line: number; message: string }[];
}

const MAX_DEPTH = 10;

/** Resolves names across the files: an owner reference to the id of the app object it stands for. */
class Resolver {
  private readonly byModule = new Map<string, AppFile>();
  readonly appId: string | undefined;

  constructor(files: readonly AppFile[]) {
    for (const file of files) this.byModule.set(file.module, file);
    const app = files.flatMap((file) => file.objects.filter((object) => object.kind === 'app').map((object) => `${file.module}:${object.variable}`))[0];
    this.appId = app;
  }

  resolve(owner: OwnerRef, file: AppFile): string | undefined {
    if (owner.kind === 'app-parameter') return this.appId ?? '(app)';
    if (owner.kind === 'local') return `${file.module}:${owner.variable}`;
    return this.qualified(owner.qualified, 0);
  }

  private qualified(name: string, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const parts = name.split('.');
    for (let split = parts.length - 1; split > 0; split -= 1) {
      const module = this.byModule.get(parts.slice(0, split).join('.'));
      if (!module) continue;
      const [attribute, ...rest] = parts.slice(split);
      if (rest.length > 0) return undefined;
      if (module.objects.some((object) => object.variable === attribute)) return `${module.module}:${attribute}`;
      const reexported = module.imports[attribute!];
      return reexported ? this.qualified(reexported, depth + 1) : undefined;
    }
    return undefined;
  }
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

/** Builds the application model from the files of the app (any order). */
export function buildAppModel(files: readonly AppFile[]): AppModel {
  const resolver = new Resolver(files);
  const blueprints = new Map<string, AppBlueprint>();
  const definitions = new Map<string, { file: AppFile; object: AppObjectDef }>();
  for (const file of files) {
    for (const object of file.objects) {
      const id = `${file.module}:${object.variable}`;
      if (blueprints.has(id)) continue;
      definitions.set(id, { file, object });
      blueprints.set(id, {
        id,
        kind: object.kind,
        variable: object.variable,
        name: object.name,
        file: file.file,
        line: object.line,
        declaredPrefix: object.urlPrefix,
        urlPrefix: object.urlPrefix,
        registrations: [],
        registered: object.kind === 'app',
        auth: [],
      });
    }
  }
  if (!resolver.appId && files.some((file) => file.registrations.some((registration) => registration.receiver.kind === 'app-parameter'))) {
    blueprints.set('(app)', { id: '(app)', kind: 'app', variable: 'app', name: null, file: '', line: 1, declaredPrefix: null, urlPrefix: null, registrations: [], registered: true, auth: [] });
  }

  for (const file of files) {
    for (const registration of file.registrations) {
      const parent = resolver.resolve(registration.receiver, file);
      if (!parent || !blueprints.has(parent)) continue;
      for (const target of registration.targets) {
        const child = blueprints.get(resolver.resolve(target, file) ?? '');
        if (!child || child.kind !== 'blueprint') continue;
        child.registrations.push({ file: file.file, line: registration.line, function: registration.function, ...('urlPrefix' in registration ? { urlPrefix: registration.urlPrefix } : {}), parent });
      }
    }
  }

  // Prefixes and registration follow the chain of parents (nested blueprints), guarding against cycles.
  const settle = (blueprint: AppBlueprint, seen: Set<string>): void => {
    const first = blueprint.registrations[0];
    if (blueprint.kind === 'app' || !first || seen.has(blueprint.id)) return;
    seen.add(blueprint.id);
    const parent = blueprints.get(first.parent)!;
    settle(parent, seen);
    const own = 'urlPrefix' in first ? (first.urlPrefix ?? null) : blueprint.declaredPrefix;
    blueprint.urlPrefix = parent.kind === 'app' ? own : parent.urlPrefix && own !== null ? joinPath(parent.urlPrefix, own) : (own ?? parent.urlPrefix);
    blueprint.registered = parent.registered;
  };
  for (const blueprint of blueprints.values()) settle(blueprint, new Set());

  const hooks: AppHook[] = [];
  const routes: { handler: HandlerDef; file: AppFile; blueprint: AppBlueprint }[] = [];
  let appAuth: AuthHook[] = [];
  for (const file of files) {
    for (const handler of file.handlers) {
      const blueprint = blueprints.get(resolver.resolve(handler.owner, file) ?? '');
      if (!blueprint) continue;
      if (handler.kind === 'route' || handler.kind === 'websocket') {
        routes.push({ handler, file, blueprint });
        continue;
      }
      hooks.push({ blueprint: blueprint.id, kind: handler.kind, function: handler.function, file: file.file, line: handler.line, functionLine: handler.functionLine, async: handler.async, auth: handler.auth });
      if (handler.auth.length === 0 || (handler.kind !== 'before_request' && handler.kind !== 'before_app_request')) continue;
      const hook = { function: handler.function, file: file.file, line: handler.line, decorators: handler.auth };
      if (blueprint.kind === 'app' || handler.kind === 'before_app_request') appAuth = [...appAuth, hook];
      else blueprint.auth.push(hook);
    }
  }

  /** Auth hooks of a blueprint and of the parents it is registered under. */
  const chainAuth = (blueprint: AppBlueprint, seen = new Set<string>()): AuthHook[] => {
    if (seen.has(blueprint.id)) return [];
    seen.add(blueprint.id);
    const parent = blueprint.registrations[0] ? blueprints.get(blueprint.registrations[0].parent) : undefined;
    return [...blueprint.auth, ...(parent && parent.kind === 'blueprint' ? chainAuth(parent, seen) : [])];
  };

  const appRoutes = routes.map(({ handler, file, blueprint }): AppRoute => {
    const fromBlueprint = blueprint.kind === 'blueprint' ? chainAuth(blueprint) : [];
    const sources: AuthSource[] = [];
    if (appAuth.length > 0) sources.push('app');
    if (fromBlueprint.length > 0) sources.push('blueprint');
    if (handler.auth.length > 0) sources.push('route');
    const decorators = dedupe([...appAuth, ...fromBlueprint].flatMap((hook) => hook.decorators.map((decorator) => decorator.text)).concat(handler.auth.map((decorator) => decorator.text)));
    return {
      blueprint: blueprint.id,
      blueprintName: blueprint.name,
      variable: blueprint.variable,
      kind: handler.kind === 'websocket' ? 'websocket' : 'route',
      methods: handler.methods,
      rule: handler.rule,
      path: handler.rule === null ? null : joinPath(blueprint.urlPrefix, handler.rule),
      handler: handler.function,
      endpoint: `${blueprint.name ? `${blueprint.name}.` : ''}${handler.endpoint ?? handler.function}`,
      file: file.file,
      line: handler.line,
      column: handler.column,
      functionLine: handler.functionLine,
      async: handler.async,
      auth: { source: sources.length > 0 ? sources.join('+') : 'none', sources, decorators },
      names: handler.names,
    };
  });

  return {
    blueprints: [...blueprints.values()].sort((a, b) => (a.kind === b.kind ? a.file.localeCompare(b.file) || a.line - b.line : a.kind === 'app' ? -1 : 1)),
    routes: appRoutes.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    hooks,
    problems: files.flatMap((file) => (file.problem ? [{ file: file.file, line: file.problem.line, message: file.problem.message }] : [])),
  };
}

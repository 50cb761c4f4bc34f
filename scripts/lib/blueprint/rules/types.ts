import type { AppBlueprint, AppModel, AppRoute } from '../../app/model.js';
import type { ModelClass } from '../../models/classes.js';
import type { Rule, RuleSubject } from '../../rules/types.js';
import type { Navigation, NavEntry } from '../navigation.js';
import type { RegistrationSite } from '../registration.js';
import type { RenderedTemplate } from '../templates.js';

export type { Report, RuleDocs } from '../../rules/types.js';

/** A page of the module: a GET route that renders a template. */
export interface ModulePage {
  route: AppRoute;
  templates: RenderedTemplate[];
}

/** What the wiring rules see of one blueprint's module: the subject file is where the blueprint is declared. */
export interface BlueprintRuleContext extends RuleSubject {
  blueprint: AppBlueprint;
  /** The module's folder (the blueprint file's folder). */
  folder: string;
  /** Names its URLs and sidebar entries go by: the folder's name, its plural, the blueprint's name. */
  names: string[];
  /** The models declared in the module's folder. */
  models: ModelClass[];
  pages: ModulePage[];
  app: AppModel;
  registration: RegistrationSite | undefined;
  navigation: Navigation | undefined;
  /** The tables env.py's target_metadata holds (its models imported as env.py imports them), or why that is not known. */
  metadata: { tables: ReadonlySet<string> } | { unknown: string };
  /** Tables the migrations create by the heads. */
  migratedTables: ReadonlySet<string>;
}

export type BlueprintRule = Rule<BlueprintRuleContext>;

/** The GET route a sidebar path opens, if any (a trailing slash either way: Quart redirects to it). */
export function routeFor(app: AppModel, path: string): AppRoute | undefined {
  const segments = (value: string) => value.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/');
  const wanted = segments(path);
  return app.routes.find((route) => {
    if (!route.path || !route.methods.includes('GET')) return false;
    const rule = segments(route.path);
    if (rule.at(-1)?.startsWith('<path:')) return wanted.length >= rule.length;
    return rule.length === wanted.length && rule.every((part, index) => part === wanted[index] || /^<[^>]+>$/.test(part));
  });
}

/** Sidebar entries that belong to the module: their path starts with one of its names, or opens one of its routes. */
export function moduleEntries(context: BlueprintRuleContext): NavEntry[] {
  if (!context.navigation) return [];
  return context.navigation.entries.filter((entry) => {
    if (entry.to === null) return false;
    const first = entry.to.replace(/^\/+/, '').split('/')[0] ?? '';
    const route = routeFor(context.app, entry.to);
    return context.names.includes(first) || (route !== undefined && route.blueprint === context.blueprint.id);
  });
}

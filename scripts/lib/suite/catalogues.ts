import type { Rule } from '../rules/types.js';
import type { SkillName } from './skills.js';

/** A rule catalogue of the suite: which skill owns it, and its rules, loaded only when asked for. */
export interface Catalogue {
  skill: SkillName;
  /** Heading in docs/rules.md and the README. */
  title: string;
  load(): Promise<readonly Rule<never>[]>;
}

/** Every catalogue. Adding one: a folder of one-file rules under the skill's lib folder and a line here. */
export const catalogues: readonly Catalogue[] = [
  { skill: 'stk-migrate', title: 'stk-migrate: migrations (`validate` and the edit hook)', load: async () => (await import('../migrate/rules/catalogue.js')).rules },
  { skill: 'stk-api', title: 'stk-api: API endpoints (`api-check`)', load: async () => (await import('../api/rules/catalogue.js')).rules },
  { skill: 'stk-blueprint', title: 'stk-blueprint: module wiring (`blueprint-check`)', load: async () => (await import('../blueprint/rules/catalogue.js')).rules },
  { skill: 'stk-dev', title: 'stk-dev: app code and templates (`lint` and the edit hook)', load: async () => (await import('../dev/rules/catalogue.js')).rules },
];

/** Every rule id of the suite, for checking the project config's `rules` table (one table for all catalogues). */
export async function allRuleIds(): Promise<ReadonlySet<string>> {
  const loaded = await Promise.all(catalogues.map((catalogue) => catalogue.load()));
  return new Set(loaded.flatMap((rules) => rules.map((rule) => rule.id)));
}

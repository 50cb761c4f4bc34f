import type { Project } from '../discover/types.js';
import type { RuleConfig } from './config.js';

/** The project's rule severities (one table for every catalogue); the validation (and zod) loads only when the project sets some. */
export async function ruleConfigOf(project: Project): Promise<RuleConfig> {
  if (project.config.rules === undefined) return {};
  const [{ parseRuleConfig }, { allRuleIds }] = await Promise.all([import('./config.js'), import('../suite/catalogues.js')]);
  return parseRuleConfig(project.config.rules, 'stk-migrate config', await allRuleIds());
}

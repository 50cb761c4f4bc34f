import { UsageError } from '../cli/command.js';
import type { Project } from '../discover/types.js';
import type { RuleConfig } from './config.js';

/**
 * The project's rule severities (one table for every catalogue); the validation (and zod) loads only when
 * the project sets some. A bad table is a usage error (one line: the file, the rule, the closest id).
 */
export async function ruleConfigOf(project: Project): Promise<RuleConfig> {
  if (project.config.rules === undefined) return {};
  const [{ parseRuleConfig }, { allRuleIds }] = await Promise.all([import('./config.js'), import('../suite/catalogues.js')]);
  try {
    return parseRuleConfig(project.config.rules, 'stk-migrate config', await allRuleIds());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

import { z } from 'zod';
import { closest } from '../text/closest.js';

export const RuleLevelSchema = z.enum(['error', 'warning', 'info', 'off']);
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

/** The `rules` section of the project config: rule id -> severity, or `off`. */
export type RuleConfig = Readonly<Record<string, RuleLevel>>;

export { applyRuleConfig, configuredSeverity } from './severity.js';

/** Thrown for a config naming an unknown rule or level: one line, fit for a usage error. */
export class RuleConfigError extends Error {
  override name = 'RuleConfigError';
}

/**
 * Validates the `rules` section (one table for every catalogue of the suite): known ids (or `squawk/<rule>`, which the validate command maps from squawk) and
 * known levels. `where` names the config file in the message.
 */
export function parseRuleConfig(raw: unknown, where: string, knownRules: ReadonlySet<string>): RuleConfig {
  if (raw === undefined || raw === null) return {};
  const parsed = z.record(z.string(), z.unknown()).safeParse(raw);
  if (!parsed.success) throw new RuleConfigError(`${where}: 'rules' must be a table of rule id = "error" | "warning" | "info" | "off"`);
  const config: Record<string, RuleLevel> = {};
  for (const [id, value] of Object.entries(parsed.data)) {
    if (!knownRules.has(id) && !id.startsWith('squawk/')) {
      const guess = closest(id, knownRules);
      throw new RuleConfigError(`${where}: unknown rule '${id}' in 'rules'${guess ? `; did you mean '${guess}'?` : ''} (known: ${[...knownRules].join(', ')})`);
    }
    const level = RuleLevelSchema.safeParse(value);
    if (!level.success) throw new RuleConfigError(`${where}: rule '${id}' must be "error", "warning", "info" or "off", not ${JSON.stringify(value)}`);
    config[id] = level.data;
  }
  return config;
}

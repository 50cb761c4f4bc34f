/** The rule engine: the catalogue, the entry the validate command and the hook call, config, suppressions and docs. */
export { rules, ruleIds } from './catalogue.js';
export type { Report, Rule, RuleContext, RuleDocs, RuleGroup, Suppression } from './types.js';
export { analyzeMigration, migrationContext, runRules, type AnalyzeInput } from './engine.js';
export { applyRuleConfig, parseRuleConfig, RuleConfigError, RuleLevelSchema, type RuleConfig, type RuleLevel } from './config.js';
export { applySuppressions, readSuppressions } from './suppression.js';
export { renderRuleDocs } from './docs.js';

/** The migration catalogue and its entry points: the validate command and the hook call these. */
export { rules, ruleIds } from './catalogue.js';
export type { Report, Rule, RuleContext, RuleDocs, RuleGroup, Suppression } from './types.js';
export { analyzeMigration, migrationContext, runMigrationRules, type AnalyzeInput } from './context.js';

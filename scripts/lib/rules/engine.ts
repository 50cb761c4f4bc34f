import type { Finding } from '../findings/schema.js';
import type { RuleConfig } from './config.js';
import { configuredSeverity } from './severity.js';
import { applySuppressions } from './suppression.js';
import type { Rule, RuleSubject } from './types.js';

/**
 * Runs every rule of a catalogue that is not `off` (nor skipped) on one file's context, applies the
 * configured severities and the file's suppression comments, and returns the findings sorted by position.
 * The same engine serves every skill's catalogue.
 */
export function runRules<C extends RuleSubject>(context: C, catalogue: readonly Rule<C>[], config: RuleConfig = {}, skip?: (rule: Rule<C>) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const rule of catalogue) {
    if (config[rule.id] === 'off' || skip?.(rule)) continue;
    for (const report of rule.check(context)) {
      const severity = configuredSeverity(rule.id, report.severity ?? rule.defaultSeverity, config, report.severity === 'info');
      if (!severity) continue;
      findings.push({ rule: rule.id, severity, file: report.file ?? context.file, line: Math.max(1, report.line), column: Math.max(1, report.column), message: report.message, help: report.help });
    }
  }
  // the subject's suppression comments speak for its own lines only
  const own = findings.filter((finding) => finding.file === context.file);
  const elsewhere = findings.filter((finding) => finding.file !== context.file);
  return [...applySuppressions(own, context.suppressions), ...elsewhere].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

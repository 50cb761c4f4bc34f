import type { Finding, Severity } from '../findings/schema.js';
import type { RuleConfig } from './config.js';

/** The severity a finding ends up with: notes stay info, the config overrides the rest; undefined when the rule is off. */
export function configuredSeverity(rule: string, severity: Severity, config: RuleConfig, note = false): Severity | undefined {
  const level = config[rule];
  if (level === 'off') return undefined;
  if (note || !level) return severity;
  return level;
}

/** Applies severity overrides and `off` to findings from any source (squawk's included). */
export function applyRuleConfig(findings: Finding[], config: RuleConfig): Finding[] {
  return findings.flatMap((finding) => {
    const severity = configuredSeverity(finding.rule, finding.severity, config);
    return severity ? [{ ...finding, severity }] : [];
  });
}

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/lib/findings/schema.js';

export interface RuleCase {
  name: string;
}

export interface InvalidExpectation {
  /** Lines the rule must report, in order (a line may repeat). */
  lines: number[];
  /** Expected severity of every finding; the rule's default when absent. */
  severity?: Finding['severity'];
  /** Substrings every message / the first help must contain. */
  message?: string;
  help?: string;
}

export interface RuleCases<V extends RuleCase> {
  defaultSeverity: Finding['severity'];
  valid: V[];
  invalid: (V & InvalidExpectation)[];
}

/**
 * ESLint's RuleTester, the vitest way, for any catalogue: valid cases must not report the rule, invalid ones
 * must report it on exactly these lines. `run` checks one case the way its command does; `each` adds the
 * catalogue's own expectations on every finding.
 */
export function ruleTester<V extends RuleCase>(rule: string, cases: RuleCases<V>, run: (item: V) => Promise<Finding[]>, each?: (finding: Finding) => void): void {
  const ofRule = async (item: V) => (await run(item)).filter((finding) => finding.rule === rule);
  describe(rule, () => {
    for (const item of cases.valid) {
      it(`valid: ${item.name}`, async () => {
        expect(await ofRule(item)).toEqual([]);
      });
    }
    for (const item of cases.invalid) {
      it(`invalid: ${item.name}`, async () => {
        const findings = await ofRule(item);
        expect(findings.map((finding) => finding.line), JSON.stringify(findings, null, 2)).toEqual(item.lines);
        for (const finding of findings) {
          expect(finding.severity).toBe(item.severity ?? cases.defaultSeverity);
          expect(finding.help.length).toBeGreaterThan(0);
          if (item.message) expect(finding.message).toContain(item.message);
          each?.(finding);
        }
        if (item.help) expect(findings[0]?.help).toContain(item.help);
      });
    }
  });
}

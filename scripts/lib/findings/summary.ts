import type { Finding, FindingsReport, Severity } from './schema.js';

/** Counts per severity; kept apart from the zod schemas so the hook can count without loading zod. */
export function summarize(findings: Finding[]): FindingsReport {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  return { findings, summary: { errors: count('error'), warnings: count('warning'), infos: count('info') } };
}

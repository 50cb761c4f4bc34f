import type { CheckReport, CheckResult } from './schema.js';

const marks: Record<CheckResult['status'], string> = { passed: '✓', failed: '✗', skipped: '–' };

/** One line per check (✓ passed, ✗ failed, – skipped); a failure is followed by the last lines of its output. */
export function renderChecksText(report: CheckReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    const time = check.seconds === null ? '' : ` (${check.seconds} s)`;
    lines.push(`${marks[check.status]} ${check.name}${check.detail ? `: ${check.detail}` : ''}${time}`);
    for (const line of check.output) lines.push(`    ${line}`);
  }
  const { passed, failed, skipped } = report.summary;
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return `${lines.join('\n')}\n`;
}

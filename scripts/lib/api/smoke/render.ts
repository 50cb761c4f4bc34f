import { renderFindingsText } from '../../findings/render.js';
import { requestText, type SmokeReport } from './run.js';

/** One line per step (✓, ✗ or – skipped) with its requests and statuses, then the findings. */
export function renderSmokeText(report: SmokeReport, colour: boolean): string {
  const lines = [`api-smoke ${report.model}: app from ${report.app.source || '?'}, signed in as ${report.app.admin ?? '(nobody)'}, on a throwaway database`];
  for (const step of report.steps) {
    const mark = step.skipped ? '–' : step.ok ? '✓' : '✗';
    const requests = step.requests.map((request) => `${requestText({ ...request, body: undefined })} → ${request.status}`).join(', ');
    lines.push(`${mark} ${step.step}${requests ? `: ${requests}` : ''}${step.skipped ? ` (skipped: ${step.problems.join('; ')})` : ''}`);
  }
  const skipped = report.steps.filter((step) => step.skipped).map((step) => step.step);
  // "no findings" alone would read as a pass of the steps that never ran.
  if (skipped.length > 0) lines.push(`not proven: ${skipped.join(', ')} (skipped)`);
  return `${lines.join('\n')}\n${renderFindingsText({ findings: report.findings, summary: report.summary }, colour)}`;
}

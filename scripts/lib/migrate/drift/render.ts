import { findingLines, summaryLine } from '../roundtrip/render.js';
import type { DriftReport } from './run.js';

const dialectName = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;

export function renderDriftText(report: DriftReport): string {
  const where = `the migrations at ${report.heads.join(', ') || 'base'} on a throwaway ${dialectName[report.database.dialect]} database`;
  if (report.findings.length === 0) return `no drift: the models match ${where}\n`;
  if (report.differences.length === 0) return [...findingLines(report.findings), '', summaryLine(report), ''].join('\n');
  const count = report.differences.length;
  return [`drift: ${count} difference${count === 1 ? '' : 's'} between the models and ${where}`, '', ...findingLines(report.findings), '', summaryLine(report), ''].join('\n');
}

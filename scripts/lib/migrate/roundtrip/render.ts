import type { Finding, FindingsReport } from '../../findings/schema.js';
import type { RoundtripReport } from './report.js';

/** `file:line:column: severity [rule] message`, then the help line: what editors and people both read. */
export function findingLines(findings: Finding[]): string[] {
  return findings.flatMap((finding) => [`${finding.file}:${finding.line}:${finding.column}: ${finding.severity} [${finding.rule}] ${finding.message}`, `  help: ${finding.help}`]);
}

export function summaryLine(report: FindingsReport): string {
  const { errors, warnings } = report.summary;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

const dialectName = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;

export function renderRoundtripText(report: RoundtripReport): string {
  const { database, python } = report;
  const lines = [
    `roundtrip of ${report.revisions.length} revision${report.revisions.length === 1 ? '' : 's'} on a throwaway ${dialectName[database.dialect]} database${database.withData ? ' copied from yours' : ''} (Alembic ${python.alembic}, SQLAlchemy ${python.sqlalchemy})`,
  ];
  for (const revision of report.revisions) lines.push(`  ${revision.status.padEnd(7)} ${revision.revision}  ${revision.message}`);
  const notes = report.revisions.flatMap((revision) =>
    (revision.sample?.skipped ?? []).map((skip) => `note: ${revision.revision}: ${skip.inserted} of the sample rows went into ${skip.table} (${skip.reason})`),
  );
  if (report.findings.length > 0 || notes.length > 0) lines.push('');
  lines.push(...findingLines(report.findings), ...notes, '', summaryLine(report), '');
  return lines.join('\n');
}

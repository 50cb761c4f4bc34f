import type { Rule } from '../rules/types.js';
import { renderFindingsText, renderSarif } from './render.js';
import type { FindingsReport } from './schema.js';

export type ReportFormat = 'text' | 'json' | 'sarif';

/**
 * A findings report as a command prints it: JSON, SARIF with the metadata of the catalogue's rules (loaded
 * only for SARIF: a run answered from the caches never loads the catalogue), or text after a `header` line
 * (which files were checked, and why those).
 */
export async function formatReport(format: ReportFormat, report: FindingsReport, catalogue: () => Promise<readonly Rule<never>[]>, header: string, colour: boolean): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'sarif') {
    const described = (await catalogue()).map((rule) => ({ id: rule.id, defaultSeverity: rule.defaultSeverity, summary: rule.docs.what, fix: rule.docs.fix }));
    return renderSarif(report, described, '0.1.0');
  }
  return `${header}\n${renderFindingsText(report, colour)}`;
}

/** "checked 3 files (the files given)". */
export function checkedLine(targets: readonly string[], selection: string): string {
  return `checked ${targets.length} file${targets.length === 1 ? '' : 's'} (${selection})`;
}

import { styleText } from 'node:util';
import type { Finding, FindingsReport, Severity } from './schema.js';

/** What SARIF needs to know of each rule that produced a finding. */
export interface RuleDescription {
  id: string;
  defaultSeverity: Severity;
  /** One sentence: what the rule checks. */
  summary: string;
  /** How to fix what it finds. */
  fix: string;
}

const colours: Record<Severity, Parameters<typeof styleText>[0]> = { error: 'red', warning: 'yellow', info: 'cyan' };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `file:line:col severity rule-id message`, then `help: ...`; coloured when `colour` is set (a terminal). */
export function renderFindingsText(report: FindingsReport, colour: boolean): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) => (colour ? styleText(style, text) : text);
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${paint('bold', `${finding.file}:${finding.line}:${finding.column}`)} ${paint(colours[finding.severity], finding.severity)} ${paint('dim', finding.rule)} ${finding.message}`);
    if (finding.help) lines.push(`  ${paint('green', 'help:')} ${finding.help.replaceAll('\n', '\n        ')}`);
  }
  const { errors, warnings, infos } = report.summary;
  lines.push(report.findings.length === 0 ? 'no findings' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}`);
  return `${lines.join('\n')}\n`;
}

const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, as GitHub code scanning reads it: one run, rule metadata, results with file regions. */
export function renderSarif(report: FindingsReport, rules: RuleDescription[], version: string): string {
  const used = new Set(report.findings.map((finding) => finding.rule));
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  const described: RuleDescription[] = [...used].sort().map(
    (id) => known.get(id) ?? { id, defaultSeverity: report.findings.find((finding) => finding.rule === id)!.severity, summary: id, fix: '' },
  );
  const index = new Map(described.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stk-migrate',
            version,
            rules: described.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              ...(rule.fix ? { help: { text: rule.fix } } : {}),
              defaultConfiguration: { level: sarifLevel[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results: report.findings.map((finding: Finding) => ({
          ruleId: finding.rule,
          ruleIndex: index.get(finding.rule),
          level: sarifLevel[finding.severity],
          message: { text: finding.help ? `${finding.message}\nhelp: ${finding.help}` : finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.line, startColumn: finding.column },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

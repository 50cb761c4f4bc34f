import { describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/lib/findings/schema.js';
import { parsePython } from '../../scripts/lib/parse/python.js';
import { parseTemplate } from '../../scripts/lib/parse/template.js';
import { readModule } from '../../scripts/lib/dev/python/module.js';
import { summarizeModule, type ModuleSummary } from '../../scripts/lib/dev/python/symbols.js';
import { pythonContext, runDevRules, templateContext } from '../../scripts/lib/dev/rules/context.js';
import { readLayout, type Layout } from '../../scripts/lib/dev/template/model.js';
import type { RuleConfig } from '../../scripts/lib/rules/config.js';

export interface LintInput {
  code: string;
  /** `shop/things/views.py` by default, or `shop/templates/cms/things.html` for a template. */
  file?: string;
  /** Other project modules the code imports from, by dotted name (`shop.things.models`), as source. */
  modules?: Record<string, string>;
  /** Templates it may extend, by the name `{% extends %}` uses, as source. */
  layouts?: Record<string, string>;
  config?: RuleConfig;
}

async function summaries(modules: Record<string, string>): Promise<Map<string, ModuleSummary>> {
  const found = new Map<string, ModuleSummary>();
  for (const [name, source] of Object.entries(modules)) {
    const tree = await parsePython(source);
    found.set(name, summarizeModule(readModule(tree.rootNode, `${name.split('.').join('/')}.py`)));
  }
  return found;
}

async function layoutChain(template: Layout, layouts: Record<string, string>): Promise<Layout[]> {
  const chain: Layout[] = [];
  for (let current = template; current.extends && layouts[current.extends] !== undefined && chain.length < 5; ) {
    current = readLayout(await parseTemplate(layouts[current.extends]!));
    chain.push(current);
  }
  return chain;
}

/** Runs the app-code catalogue on a Python module or a template given as text, the way `lint` does. */
export async function lint(input: LintInput): Promise<Finding[]> {
  const file = input.file ?? (input.code.trimStart().startsWith('<') || input.code.trimStart().startsWith('{') ? 'shop/templates/cms/things.html' : 'shop/things/views.py');
  if (file.endsWith('.py')) {
    const tree = await parsePython(input.code);
    return runDevRules(pythonContext({ file, root: tree.rootNode, imported: await summaries(input.modules ?? {}), appPackage: 'shop' }), input.config);
  }
  const template = await parseTemplate(input.code);
  const layouts = await layoutChain(readLayout(template), input.layouts ?? {});
  return runDevRules(await templateContext({ file, template, layouts }), input.config);
}

export function only(findings: Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}

export interface ValidCase extends LintInput {
  name: string;
}

export interface InvalidCase extends ValidCase {
  /** Lines the rule must report, in order. */
  lines: number[];
  /** Expected severity of every finding; the rule's default when absent. */
  severity?: Finding['severity'];
  /** Substrings the first finding's message / help must contain. */
  message?: string;
  help?: string;
}

/** ESLint's RuleTester, the vitest way: valid cases must not report the rule, invalid ones must report it on exactly these lines. */
export function ruleTester(rule: string, cases: { defaultSeverity: Finding['severity']; valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule, () => {
    for (const item of cases.valid) {
      it(`valid: ${item.name}`, async () => {
        expect(only(await lint(item), rule)).toEqual([]);
      });
    }
    for (const item of cases.invalid) {
      it(`invalid: ${item.name}`, async () => {
        const findings = only(await lint(item), rule);
        expect(findings.map((finding) => finding.line), JSON.stringify(findings, null, 2)).toEqual(item.lines);
        for (const finding of findings) {
          expect(finding.severity).toBe(item.severity ?? cases.defaultSeverity);
          expect(finding.help.length).toBeGreaterThan(0);
          expect(finding.message).toMatch(/[.:]$/);
        }
        if (item.message) expect(findings[0]?.message).toContain(item.message);
        if (item.help) expect(findings[0]?.help).toContain(item.help);
      });
    }
  });
}

/** Joins lines, so that a test reads like the file and its line numbers are easy to count. */
export function code(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

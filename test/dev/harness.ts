import { expect } from 'vitest';
import { ruleTester as testRule, type RuleCases } from '../helpers/rule-tester.js';
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

/** The shared rule tester on app code: every message ends a sentence (or a clause before the line it names). */
export function ruleTester(rule: string, cases: RuleCases<ValidCase>): void {
  testRule(rule, cases, lint, (finding) => expect(finding.message).toMatch(/[.:]$/));
}

/** Joins lines, so that a test reads like the file and its line numbers are easy to count. */
export function code(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

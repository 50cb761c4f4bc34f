import type { Node as PyNode, SyntaxProblem } from '../../parse/python.js';
import type { Report, Rule, RuleSubject } from '../../rules/types.js';
import type { PythonModule } from '../python/module.js';
import type { ProjectSymbols } from '../python/symbols.js';
import type { TemplateModel } from '../template/model.js';

export type { Report } from '../../rules/types.js';

export type DevRuleGroup = 'quart' | 'async' | 'database' | 'models' | 'vue' | 'icons' | 'files' | 'suppressions';

/** A Python file of the app package, parsed, with its imports resolved and the project modules it imports summarised. */
export interface PythonContext extends RuleSubject {
  kind: 'python';
  module: PythonModule;
  symbols: ProjectSymbols;
  /** The application package (`stk`, or whatever a fork calls it), for fixes that name its modules. */
  appPackage: string | undefined;
  syntaxProblem: SyntaxProblem | undefined;
}

/** A Jinja template with its HTML, its scripts and the Vue app they create. */
export interface TemplateContext extends RuleSubject {
  kind: 'template';
  model: TemplateModel;
}

export type DevContext = PythonContext | TemplateContext;

/** A rule of the app-code catalogue; it sees Python files or templates. */
export type DevRule = Rule<DevContext> & { group: DevRuleGroup };

type Definition<C> = Omit<DevRule, 'check'> & { check(context: C): Report[] };

/** A rule for Python files: templates never reach its check. */
export function pythonRule(definition: Definition<PythonContext>): DevRule {
  return { ...definition, check: (context) => (context.kind === 'python' ? definition.check(context) : []) };
}

/** A rule for templates: Python files never reach its check. */
export function templateRule(definition: Definition<TemplateContext>): DevRule {
  return { ...definition, check: (context) => (context.kind === 'template' ? definition.check(context) : []) };
}

/** Where a Python node starts, as a report wants it. */
export function at(node: PyNode): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Where an offset of a template is, as a report wants it. */
export function offsetAt(context: TemplateContext, offset: number): { line: number; column: number } {
  return context.model.template.lines.position(offset);
}

/** A node's text on one line, shortened for a message: `g.db_session.execute(...)`. */
export function shortCode(node: PyNode | { text: string }, limit = 70): string {
  const text = node.text;
  if (!text.includes('\n') && text.length <= limit) return text;
  const open = text.indexOf('(');
  return open > 0 && open < limit ? `${text.slice(0, open)}(...)` : `${text.split('\n')[0]!.slice(0, limit)}...`;
}

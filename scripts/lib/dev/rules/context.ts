import type { Finding } from '../../findings/schema.js';
import { firstSyntaxProblem, type Node, type SyntaxProblem } from '../../parse/python.js';
import type { Template } from '../../parse/template.js';
import type { RuleConfig } from '../../rules/config.js';
import { runRules } from '../../rules/engine.js';
import { readCommentSuppressions, readSuppressions } from '../../rules/suppression.js';
import { readModule, type PythonModule } from '../python/module.js';
import { summarizeModule, type ModuleSummary } from '../python/symbols.js';
import { readTemplateModel, type Layout } from '../template/model.js';
import { ruleIds, rules } from './catalogue.js';
import type { DevContext, PythonContext, TemplateContext } from './types.js';

export interface PythonInput {
  /** Path relative to the project root, forward slashes. */
  file: string;
  root: Node;
  /** Why CPython refuses the file or it was not read (`parseForRules`); read from `root` when absent. */
  problem?: SyntaxProblem | undefined;
  /** The module read from `root`, when the caller read it already (to find its imports). */
  module?: PythonModule;
  /** Summaries of the project modules the file imports, by module name (see `importedModules`). */
  imported?: ReadonlyMap<string, ModuleSummary>;
  appPackage?: string;
  /** Rule ids a suppression may name (default: this catalogue's). */
  knownRules?: ReadonlySet<string>;
}

/** What the app-code rules see of a Python file. */
export function pythonContext(input: PythonInput): PythonContext {
  const module = input.module ?? readModule(input.root, input.file);
  const symbols = new Map(input.imported ?? []);
  symbols.set(module.name, summarizeModule(module));
  return {
    kind: 'python',
    file: input.file,
    module,
    symbols,
    appPackage: input.appPackage,
    syntaxProblem: 'problem' in input ? input.problem : firstSyntaxProblem(input.root),
    suppressions: readSuppressions(input.root, input.knownRules ?? ruleIds),
  };
}

export interface TemplateInput {
  file: string;
  template: Template;
  /** The templates it extends, nearest first, parsed. */
  layouts?: readonly Layout[];
  knownRules?: ReadonlySet<string>;
}

/** What the app-code rules see of a template. */
export async function templateContext(input: TemplateInput): Promise<TemplateContext> {
  const { template } = input;
  return {
    kind: 'template',
    file: input.file,
    model: await readTemplateModel(template, input.layouts),
    suppressions: readCommentSuppressions(template.source, template.comments, template.lines, input.knownRules ?? ruleIds),
  };
}

/** The app-code catalogue on one file. */
export function runDevRules(context: DevContext, config: RuleConfig = {}): Finding[] {
  return runRules(context, rules, config);
}

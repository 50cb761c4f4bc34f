import type { AppModel } from '../../app/model.js';
import { readImports } from '../../app/module.js';
import type { Finding } from '../../findings/schema.js';
import type { Node } from '../../parse/python.js';
import type { RuleConfig } from '../../rules/config.js';
import { runRules } from '../../rules/engine.js';
import { readSuppressions } from '../../rules/suppression.js';
import { ruleIds, rules } from './catalogue.js';
import type { ApiRuleContext, Handler } from './types.js';

const mutations = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The file's route handlers: each function the app model places a route on, with its routes. */
function handlersOf(root: Node, file: string, app: AppModel): Handler[] {
  const routes = app.routes.filter((route) => route.file === file);
  const handlers = new Map<number, Handler>();
  for (const definition of root.descendantsOfType('function_definition')) {
    if (!definition) continue;
    const line = definition.startPosition.row + 1;
    const name = definition.childForFieldName('name')?.text ?? '';
    const own = routes.filter((route) => route.functionLine === line && route.handler === name);
    if (own.length === 0) continue;
    const methods = new Set(own.flatMap((route) => route.methods));
    handlers.set(definition.id, { node: definition, name, routes: own, methods, mutation: [...methods].some((method) => mutations.has(method)) });
  }
  return [...handlers.values()];
}

export interface ApiContextInput {
  /** Path relative to the project root, forward slashes. */
  file: string;
  root: Node;
  app: AppModel;
  /** Rule ids a suppression may name (default: this catalogue's). */
  knownRules?: ReadonlySet<string>;
}

export function apiRuleContext(input: ApiContextInput): ApiRuleContext {
  return {
    file: input.file,
    root: input.root,
    imports: readImports(input.root, input.file),
    handlers: handlersOf(input.root, input.file, input.app),
    app: input.app,
    suppressions: readSuppressions(input.root, input.knownRules ?? ruleIds),
  };
}

/** The API catalogue on one file. */
export function runApiRules(context: ApiRuleContext, config: RuleConfig = {}): Finding[] {
  return runRules(context, rules, config);
}

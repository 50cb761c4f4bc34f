import type { AppModel, AppRoute } from '../../app/model.js';
import type { Node } from '../../parse/python.js';
import type { Rule as CoreRule, RuleSubject } from '../../rules/types.js';

export type { Report, RuleDocs } from '../../rules/types.js';

/** A route handler of the file: the function, and the routes that call it. */
export interface Handler {
  node: Node;
  name: string;
  routes: AppRoute[];
  /** Every method its routes answer. */
  methods: Set<string>;
  /** POST, PUT, PATCH or DELETE. */
  mutation: boolean;
}

/** What the API rules see of one Python file: its tree, its route handlers, and the whole app for cross-file checks. */
export interface ApiRuleContext extends RuleSubject {
  root: Node;
  /** Local name -> qualified name, from the file's imports. */
  imports: Record<string, string>;
  handlers: Handler[];
  /** Every route of the app, this file's included. */
  app: AppModel;
}

export type ApiRule = CoreRule<ApiRuleContext>;

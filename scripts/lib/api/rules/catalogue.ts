import { invalidSuppression } from '../../rules/shared/invalid-suppression.js';
import { createWithoutFlush } from './catalogue/create-without-flush.js';
import { itemWrapper } from './catalogue/item-wrapper.js';
import { missingNotFound } from './catalogue/missing-not-found.js';
import { mutationNotLogged } from './catalogue/mutation-not-logged.js';
import { mutationWithoutRollback } from './catalogue/mutation-without-rollback.js';
import { pageBelowOne } from './catalogue/page-below-one.js';
import { routeConflict } from './catalogue/route-conflict.js';
import { unboundedPageSize } from './catalogue/unbounded-page-size.js';
import { unprotectedRoute } from './catalogue/unprotected-route.js';
import type { ApiRule } from './types.js';

/** The API catalogue, in the order docs/rules.md lists it. Adding a rule: one file in catalogue/ and one line here. */
export const rules: readonly ApiRule[] = [
  routeConflict,
  unprotectedRoute,
  mutationWithoutRollback,
  mutationNotLogged,
  createWithoutFlush,
  missingNotFound,
  itemWrapper,
  unboundedPageSize,
  pageBelowOne,
  invalidSuppression,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((rule) => rule.id));

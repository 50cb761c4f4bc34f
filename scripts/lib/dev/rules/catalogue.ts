import { invalidSuppression } from '../../rules/shared/invalid-suppression.js';
import { blockingCallInAsync } from './catalogue/blocking-call-in-async.js';
import { flaskImport } from './catalogue/flask-import.js';
import { flaskSqlalchemyPattern } from './catalogue/flask-sqlalchemy-pattern.js';
import { fromDictClassmethod } from './catalogue/from-dict-classmethod.js';
import { jinjaDelimitersInVue } from './catalogue/jinja-delimiters-in-vue.js';
import { jsonify } from './catalogue/jsonify.js';
import { lazyDynamic } from './catalogue/lazy-dynamic.js';
import { legacyFilter } from './catalogue/legacy-filter.js';
import { mdiIcon } from './catalogue/mdi-icon.js';
import { missingAwait } from './catalogue/missing-await.js';
import { missingDelimiters } from './catalogue/missing-delimiters.js';
import { missingLayoutMixin } from './catalogue/missing-layout-mixin.js';
import { missingRegisterComponents } from './catalogue/missing-register-components.js';
import { parseError } from './catalogue/parse-error.js';
import { syncHandler } from './catalogue/sync-handler.js';
import { vueCompositionApi } from './catalogue/vue-composition-api.js';
import type { DevContext } from './types.js';
import type { Rule } from '../../rules/types.js';

/** The app-code rules of stk-dev, in the order the docs list them. Adding a rule: one file in catalogue/ and one line here. */
export const rules: readonly Rule<DevContext>[] = [
  parseError,
  flaskImport,
  jsonify,
  syncHandler,
  missingAwait,
  blockingCallInAsync,
  flaskSqlalchemyPattern,
  legacyFilter,
  lazyDynamic,
  fromDictClassmethod,
  vueCompositionApi,
  jinjaDelimitersInVue,
  missingLayoutMixin,
  missingDelimiters,
  missingRegisterComponents,
  mdiIcon,
  invalidSuppression,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((rule) => rule.id));

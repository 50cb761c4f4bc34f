import { blueprintNameTaken } from './catalogue/blueprint-name-taken.js';
import { blueprintNotRegistered } from './catalogue/blueprint-not-registered.js';
import { blueprintRegisteredTwice } from './catalogue/blueprint-registered-twice.js';
import { modelsNotInMetadata } from './catalogue/models-not-in-metadata.js';
import { navigationDeadLink } from './catalogue/navigation-dead-link.js';
import { navigationDuplicate } from './catalogue/navigation-duplicate.js';
import { navigationMissing } from './catalogue/navigation-missing.js';
import { tableNotMigrated } from './catalogue/table-not-migrated.js';
import { templateMissing } from './catalogue/template-missing.js';
import { urlPrefixTaken } from './catalogue/url-prefix-taken.js';
import type { BlueprintRule } from './types.js';

/** The wiring catalogue of stk-blueprint, in the order docs/rules.md lists it. Adding a rule: one file in catalogue/ and one line here. */
export const rules: readonly BlueprintRule[] = [
  blueprintNotRegistered,
  blueprintRegisteredTwice,
  blueprintNameTaken,
  urlPrefixTaken,
  modelsNotInMetadata,
  tableNotMigrated,
  navigationDeadLink,
  navigationDuplicate,
  navigationMissing,
  templateMissing,
];

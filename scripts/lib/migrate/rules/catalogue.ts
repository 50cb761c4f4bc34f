import { downgradeNotInverse } from './catalogue/downgrade-not-inverse.js';
import { dropUnknownName } from './catalogue/drop-unknown-name.js';
import { dropColumn } from './catalogue/drop-column.js';
import { dropTable } from './catalogue/drop-table.js';
import { duplicateRevision } from './catalogue/duplicate-revision.js';
import { emptyDowngrade } from './catalogue/empty-downgrade.js';
import { emptyUpgrade } from './catalogue/empty-upgrade.js';
import { fkTargetUnknown } from './catalogue/fk-target-unknown.js';
import { fkWithoutIndex } from './catalogue/fk-without-index.js';
import { invalidSuppression } from '../../rules/shared/invalid-suppression.js';
import { missingImport } from './catalogue/missing-import.js';
import { missingParent } from './catalogue/missing-parent.js';
import { modelMismatch } from './catalogue/model-mismatch.js';
import { multipleHeads } from './catalogue/multiple-heads.js';
import { notNullWithoutDefault } from './catalogue/not-null-without-default.js';
import { probableRename } from './catalogue/probable-rename.js';
import { rawSqlString } from './catalogue/raw-sql-string.js';
import { revisionCycle } from './catalogue/revision-cycle.js';
import { revisionMismatch } from './catalogue/revision-mismatch.js';
import { sqliteNeedsBatch } from './catalogue/sqlite-needs-batch.js';
import { syntaxError } from './catalogue/syntax-error.js';
import { tableNotInModels } from './catalogue/table-not-in-models.js';
import { tooLarge } from './catalogue/too-large.js';
import { typeNarrowing } from './catalogue/type-narrowing.js';
import { unnamedConstraint } from './catalogue/unnamed-constraint.js';
import type { Rule } from './types.js';

/** Every rule, in the order the README lists them. Adding a rule: one file in catalogue/ and one line here. */
export const rules: readonly Rule[] = [
  syntaxError,
  tooLarge,
  revisionMismatch,
  missingParent,
  duplicateRevision,
  revisionCycle,
  multipleHeads,
  downgradeNotInverse,
  dropUnknownName,
  emptyDowngrade,
  emptyUpgrade,
  sqliteNeedsBatch,
  dropTable,
  dropColumn,
  notNullWithoutDefault,
  typeNarrowing,
  probableRename,
  modelMismatch,
  fkTargetUnknown,
  fkWithoutIndex,
  tableNotInModels,
  missingImport,
  rawSqlString,
  unnamedConstraint,
  invalidSuppression,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((rule) => rule.id));

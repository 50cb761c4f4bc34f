export type * from './types.js';
export { readOperations, readFunctionOps } from './read.js';
export { readImports, readModuleNames, type ImportBinding, type ModuleNames, type NameUse } from './names.js';
export { changesSchema, expectationsOf, related, touches, type Expectation, type Touches } from './inverse.js';
export {
  cloneSchema,
  emptySchema,
  replayRevisions,
  replaySchema,
  uncertaintyOf,
  type Origin,
  type ReplayStep,
  type Schema,
  type SchemaColumn,
  type SchemaConstraint,
  type SchemaIndex,
  type SchemaTable,
} from './replay.js';
export { compareTypes, describeType, narrowing, typeFamily, type TypeShape } from './sqltypes.js';
export { renderOperation, placed, batchBlock } from './render.js';
export { summarizeSql, type SqlSummary } from './sql.js';

import type { Dialect } from '../../discover/types.js';
import type { ModelTable } from '../../models/parse.js';
import type { Rule as CoreRule, Suppression } from '../../rules/types.js';
import type { RevisionGraph } from '../graph.js';
import type { MigrationHeader } from '../header.js';
import type { ModuleNames } from '../ops/names.js';
import type { NamingConvention } from '../ops/naming.js';
import type { Schema } from '../ops/replay.js';
import type { FunctionOps } from '../ops/types.js';

export type { Report, RuleDocs, Suppression } from '../../rules/types.js';

export type RuleGroup = 'history' | 'reversibility' | 'sqlite' | 'data safety' | 'models' | 'hygiene' | 'suppressions';

/** Everything a rule may look at: parsed data only, never the file system. */
export interface RuleContext {
  /** Path relative to the project root, forward slashes. */
  file: string;
  header: MigrationHeader;
  /** 1-based line of `down_revision = ...` (the revision line when absent). */
  downRevisionLine: number;
  /** 1-based line of `depends_on = ...` (the revision line when absent). */
  dependsOnLine: number;
  /** Set when the file does not parse: only the history rules run then. */
  syntaxProblem: boolean;
  upgrade: FunctionOps;
  downgrade: FunctionOps;
  names: ModuleNames;
  suppressions: Suppression[];
  /** The database the project targets, when known. */
  dialect: Dialect | undefined;
  graph: RevisionGraph;
  /** The model tables, or undefined when the models were not read (model rules stay silent). */
  models: ModelTable[] | undefined;
  /** Model files Python cannot import (or past the limits): a table missing from `models` may be declared there. */
  unreadableModels: UnreadableModel[];
  /** Whether this revision is a head of the graph: model agreement is checked there only. */
  isHead: boolean;
  /** The schema before this migration (its ancestors replayed), when the history was given. */
  schemaBefore: Schema | undefined;
  /** The schema after this migration's upgrade(), when the history was given. */
  schemaAfter: Schema | undefined;
  /** The schema every migration produces (all heads), for a head migration with the history given. */
  schemaHead: Schema | undefined;
  /** The models' MetaData naming convention (which Alembic's operations use too), when they declare one. */
  namingConvention: NamingConvention | undefined;
}

/** A model file whose declarations are unknown, and the line of its first problem. */
export interface UnreadableModel {
  file: string;
  line: number;
}

/** A rule of the migration catalogue. */
export type Rule = CoreRule<RuleContext>;

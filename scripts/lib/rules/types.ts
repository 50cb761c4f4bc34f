import type { Dialect } from '../discover/types.js';
import type { Severity } from '../findings/schema.js';
import type { RevisionGraph } from '../model/graph.js';
import type { ModuleNames } from '../ops/names.js';
import type { Schema } from '../ops/replay.js';
import type { FunctionOps } from '../ops/types.js';
import type { MigrationHeader } from '../parse/migration.js';
import type { ModelTable } from '../parse/models.js';

export type RuleGroup = 'history' | 'reversibility' | 'sqlite' | 'data safety' | 'models' | 'hygiene' | 'suppressions';

/** `# stk-migrate: ignore[rule-a, rule-b] reason`. */
export interface Suppression {
  rules: string[];
  reason: string;
  /** `file` when the comment stands before the first statement (after the module docstring), else `line`. */
  scope: 'line' | 'file';
  /** Lines whose findings it silences: its own line (and the start of the statement it ends) for a trailing comment, the next code line for one on its own line. */
  targets: number[];
  line: number;
  column: number;
  /** Rule ids the comment names that no rule has. */
  unknownRules: string[];
}

/** Everything a rule may look at: parsed data only, never the file system. */
export interface RuleContext {
  /** Path relative to the project root, forward slashes. */
  file: string;
  header: MigrationHeader;
  /** 1-based line of `down_revision = ...` (the revision line when absent). */
  downRevisionLine: number;
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
  /** Whether this revision is a head of the graph: model agreement is checked there only. */
  isHead: boolean;
  /** The schema before this migration (its ancestors replayed), when the history was given. */
  schemaBefore: Schema | undefined;
  /** The schema after this migration's upgrade(), when the history was given. */
  schemaAfter: Schema | undefined;
  /** The schema every migration produces (all heads), for a head migration with the history given. */
  schemaHead: Schema | undefined;
}

/** One problem a rule reports; the engine adds the rule id, the severity and the file. */
export interface Report {
  line: number;
  column: number;
  /** One sentence stating the consequence. */
  message: string;
  /** The concrete fix. */
  help: string;
  /** `info` for a note that is not a violation: "cannot verify", or an accepted irreversible migration. */
  severity?: 'info';
}

export interface RuleDocs {
  /** What it does: one or two sentences. */
  what: string;
  /** Why is this bad? */
  why: string;
  /** Python that the rule reports. */
  example: string;
  /** Python to write instead. */
  fix: string;
}

export interface Rule {
  /** Stable id: tools outside rely on it. */
  id: string;
  group: RuleGroup;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(context: RuleContext): Report[];
}

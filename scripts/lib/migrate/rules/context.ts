import type { Dialect } from '../../discover/types.js';
import type { Finding } from '../../findings/schema.js';
import { position, type Node } from '../../parse/python.js';
import type { RuleConfig } from '../../rules/config.js';
import { runRules } from '../../rules/engine.js';
import { readSuppressions } from '../../rules/suppression.js';
import type { ModelTable } from '../../models/parse.js';
import type { RevisionGraph } from '../graph.js';
import { readMigrationHeader, topLevelAssignments, type MigrationHeader } from '../header.js';
import { readModuleNames, type ModuleNames } from '../ops/names.js';
import { readMigrationOperations } from '../operations.js';
import type { NamingConvention } from '../ops/naming.js';
import { replayRevisions, replaySchema, requirements, type Schema } from '../ops/replay.js';
import type { FunctionOps, Operation } from '../ops/types.js';
import type { Suppression } from '../../rules/types.js';
import { ruleIds, rules } from './catalogue.js';
import type { RuleContext, UnreadableModel } from './types.js';

/** The migration catalogue on one revision: a file that does not parse gets only the history and suppression rules. */
export function runMigrationRules(context: RuleContext, config: RuleConfig = {}): Finding[] {
  return runRules(context, rules, config, (rule) => context.syntaxProblem && rule.group !== 'history' && rule.group !== 'suppressions');
}

export interface AnalyzeInput {
  /** Path relative to the project root, forward slashes (as in the headers). */
  file: string;
  /** The tree-sitter root of the file's current text. */
  root: Node;
  /** Read from `root` when not given (its problem says whether the file loads and was within the limits). */
  header?: MigrationHeader;
  /** False when the parse stopped at a limit (`PythonFile.walkable`): only the header is read then. */
  walkable?: boolean;
  /** The revision graph of the whole project (this file included). */
  graph: RevisionGraph;
  /**
   * `upgrade()` operations of every revision (`readOperations(root).upgrade.ops`), for the schema replay. Without
   * it, rules that need the schema before or after this migration stay silent or say "cannot verify".
   */
  history?: ReadonlyMap<string, Operation[]>;
  /** The model tables; without them the model-agreement rules stay silent. */
  models?: ModelTable[];
  /** Model files that could not be read; none by default. */
  unreadableModels?: UnreadableModel[];
  dialect?: Dialect;
  /** Defaults to whether the graph lists this revision as a head. */
  isHead?: boolean;
  /** The schema before this revision, when the caller replayed it already (checking many revisions in graph order). */
  schemaBefore?: Schema;
  /** The schema at the heads, when the caller replayed it already. */
  schemaHead?: Schema;
  config?: RuleConfig;
  /** The models' MetaData naming convention, when they declare one. */
  namingConvention?: NamingConvention;
}

const noNames: ModuleNames = { imports: [], unresolved: [] };

function assignmentLine(root: Node, header: MigrationHeader, name: string): number {
  const node = topLevelAssignments(root).get(name);
  return node ? position(node).line : header.revisionLine;
}

/**
 * What the rules read of one file, taken from its tree once: plain data that depends on the file's path and
 * bytes alone, so it is cached per file version (load.ts) and the rules run again without parsing.
 */
export interface MigrationFacts {
  header: MigrationHeader;
  downRevisionLine: number;
  dependsOnLine: number;
  upgrade: FunctionOps;
  downgrade: FunctionOps;
  names: ModuleNames;
  suppressions: Suppression[];
}

/** The facts of a parsed file; `header` is the loader's when it has one (read from the tree otherwise). */
export function migrationFacts(input: { file: string; root: Node; header?: MigrationHeader; walkable?: boolean }): MigrationFacts {
  const declared = input.header ?? readMigrationHeader(input.root, input.file);
  const walkable = input.walkable !== false && declared.problem?.kind !== 'limit';
  const { header, upgrade, downgrade } = readMigrationOperations({ root: input.root, problem: declared.problem, walkable, delete: () => undefined }, declared);
  const readable = walkable && header.problem?.kind !== 'limit';
  return {
    header,
    downRevisionLine: assignmentLine(input.root, header, 'down_revision'),
    dependsOnLine: assignmentLine(input.root, header, 'depends_on'),
    upgrade,
    downgrade,
    names: readable ? readModuleNames(input.root) : noNames,
    suppressions: readable ? readSuppressions(input.root, ruleIds) : [],
  };
}

/** The context the rules see: operations, names, suppressions, and the schemas replayed around this revision. */
export function migrationContext(input: AnalyzeInput): RuleContext {
  return contextOfFacts(migrationFacts(input), input);
}

/** The context of a file whose facts are known (parsed now or cached): no tree needed. */
export function contextOfFacts(facts: MigrationFacts, input: Omit<AnalyzeInput, 'root' | 'header' | 'walkable'>): RuleContext {
  const { header, upgrade, downgrade } = facts;
  const revision = header.revision;
  const isHead = input.isHead ?? (revision !== null && input.graph.heads.includes(revision));
  let schemaBefore: Schema | undefined;
  let schemaAfter: Schema | undefined;
  let schemaHead: Schema | undefined;
  if (input.history) {
    // this file's current text wins over whatever the history holds for its revision (copied only when a replay needs it)
    const given = input.history;
    const history = () => (revision === null ? given : new Map(given).set(revision, upgrade.ops));
    const convention = input.namingConvention;
    // what runs before this revision: its parents and what its depends_on names
    const needed = revision !== null && input.graph.byRevision.has(revision) ? requirements(input.graph, revision) : header.downRevisions;
    schemaBefore = input.schemaBefore ?? replayRevisions(input.graph, history(), needed, convention);
    schemaAfter = replaySchema([{ file: input.file, ops: upgrade.ops }], schemaBefore, convention);
    if (isHead) schemaHead = input.schemaHead ?? replayRevisions(input.graph, history(), input.graph.heads, convention);
  }
  return {
    file: input.file,
    header,
    downRevisionLine: facts.downRevisionLine,
    dependsOnLine: facts.dependsOnLine,
    syntaxProblem: header.problem !== undefined && header.problem.kind !== 'unverified',
    upgrade,
    downgrade,
    names: facts.names,
    suppressions: facts.suppressions,
    dialect: input.dialect,
    graph: input.graph,
    models: input.models,
    unreadableModels: input.unreadableModels ?? [],
    isHead,
    schemaBefore,
    schemaAfter,
    schemaHead,
    namingConvention: input.namingConvention,
  };
}

/** All findings for one migration file: the entry the validate command and the hook call. */
export function analyzeMigration(input: AnalyzeInput): Finding[] {
  return runMigrationRules(migrationContext(input), input.config ?? {});
}

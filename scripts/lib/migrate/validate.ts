import { join } from 'node:path';
import { readBytes } from '../cli/errors.js';
import { projectFileArgument } from '../discover/files.js';
import { changedSinceHead } from '../discover/git.js';
import type { Project } from '../discover/types.js';
import type { Finding } from '../findings/schema.js';
import { loadModelSummary, modelSummaryKey } from '../models/load.js';
import { buildId } from '../cache/build-id.js';
import { modelFileFindings, unreadableModelFiles } from './model-files.js';
import { MigrationIndex, migrationFiles } from './load.js';
import { revisionGraph, type RevisionGraph } from './graph.js';
import { replayPlan, replayRevisions, replaySchema, requirements, runPlan, schemaOfStored, storedSchema, type ReplayPlan, type Schema, type StoredSchema } from './ops/replay.js';
import type { NamingConvention } from './ops/naming.js';
import type { Operation } from './ops/types.js';
import type { MigrationHeader } from './header.js';
import { BlobStore } from '../cache/parse-cache.js';
import { ruleConfigOf } from '../rules/project-config.js';
import { contextOfFacts, runMigrationRules, type MigrationFacts } from './rules/context.js';
import { applyRuleConfig } from '../rules/severity.js';
import { applySuppressions } from '../rules/suppression.js';

export interface ValidateOptions {
  /** Files named on the command line, relative to `cwd` or absolute. */
  files?: string[];
  /** Check every migration. */
  all?: boolean;
  /** Render PostgreSQL migrations to SQL and run squawk on them (default: when the project targets PostgreSQL). */
  squawk?: boolean;
  cwd?: string;
}

export interface ValidateResult {
  targets: string[];
  /** How the targets were chosen, for the text output. */
  selection: string;
  findings: Finding[];
}

/** Targets when none are named: every migration, those changed since git HEAD, else the heads. */
async function defaultTargets(project: Project, graphOf: () => RevisionGraph, all: boolean): Promise<{ targets: string[]; selection: string }> {
  const files = migrationFiles(project);
  if (all) return { targets: files, selection: `all ${files.length} migrations` };
  const changed = await changedSinceHead(project, project.versionDirs, new Set(files));
  if (changed && changed.length > 0) return { targets: changed, selection: 'migrations changed or added since git HEAD' };
  const graph = graphOf();
  const heads = graph.heads.map((head) => graph.byRevision.get(head)!.file);
  return { targets: heads, selection: changed ? 'the head revision (no migration changed since git HEAD)' : 'the head revision' };
}

/** Names an operation mentions (table, column, index, constraint), for matching it to SQL. */
function namesOf(op: Operation): string[] {
  return Object.values(op).filter((value): value is string => typeof value === 'string' && /^[A-Za-z_][\w]*$/.test(value));
}

/** Places a SQL statement on the upgrade operation whose names it mentions most (else on `def upgrade`). */
function statementLocator(ops: Operation[], fallback: { line: number; column: number }) {
  return (statement: string) => {
    const words = new Set(statement.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    let best: Operation | undefined;
    let bestScore = 0;
    for (const op of ops) {
      const score = namesOf(op).filter((name) => words.has(name.toLowerCase())).length;
      if (score > bestScore) [best, bestScore] = [op, score];
    }
    return best ? { line: best.line, column: best.column } : fallback;
  };
}

/**
 * The schemas around one target, from the cache when a run already replayed the same plan (every step's
 * file and the hash of its bytes, the graph's problems and the naming convention are the key, so a hit is
 * the replay itself); the replay otherwise, kept for the next run. The hook's case: the edited revision's
 * parent's schema is read, the edited revision alone is replayed on top.
 */
async function cachedSchemas(project: Project, index: MigrationIndex, graph: RevisionGraph, facts: MigrationFacts, history: () => Promise<ReadonlyMap<string, Operation[]>>, namingConvention: NamingConvention | undefined): Promise<{ schemaBefore: Schema; schemaHead: Schema | undefined } | undefined> {
  const { file, header } = { file: facts.header.file, header: facts.header };
  const revision = header.revision;
  if (revision === null || graph.byRevision.get(revision)?.file !== file) return undefined;
  const store = new BlobStore<StoredSchema>(project.root, 'schemas-1', 16);
  if (!store.enabled) return undefined;
  const convention = JSON.stringify(namingConvention ?? null);
  const keyOf = (plan: ReplayPlan) => BlobStore.key('schema', convention, JSON.stringify(plan.tail), ...plan.steps.map((step) => `${step.revision}\0${step.file}\0${index.hashOf(step.file) ?? ''}`));
  const schemaOf = async (plan: ReplayPlan): Promise<Schema> => {
    const key = keyOf(plan);
    const stored = store.read(key);
    if (stored) return schemaOfStored(stored);
    const schema = runPlan(plan, await history(), namingConvention);
    store.write(key, storedSchema(schema));
    return schema;
  };
  const before = replayPlan(graph, requirements(graph, revision));
  const schemaBefore = await schemaOf(before);
  // the schema after this revision is the next one's start: kept when it equals that replay (no uncertainty appended before the last step)
  const after: ReplayPlan = { steps: [...before.steps, { revision, file }], tail: [] };
  const afterKey = keyOf(after);
  const schemaAfter = before.tail.length === 0 && !store.has(afterKey) ? replaySchema([{ file, ops: facts.upgrade.ops }], schemaBefore, namingConvention) : undefined;
  if (schemaAfter) store.write(afterKey, storedSchema(schemaAfter));
  if (!graph.heads.includes(revision)) return { schemaBefore, schemaHead: undefined };
  // the only head: its replay runs what this revision needs, then this revision (the others all come before it),
  // then the uncertainty of its own missing parents (none is left for the others, or the plan before would say so)
  if (graph.heads.length === 1 && before.tail.length === 0) {
    const top = schemaAfter ?? replaySchema([{ file, ops: facts.upgrade.ops }], schemaBefore, namingConvention);
    return { schemaBefore, schemaHead: { tables: top.tables, uncertain: [...top.uncertain, ...missingParents(graph, revision)] } };
  }
  return { schemaBefore, schemaHead: await schemaOf(replayPlan(graph, graph.heads)) };
}

/** What a replay says of a revision's parents that no file declares (as `replayPlan` does for the revisions it runs). */
function missingParents(graph: RevisionGraph, revision: string): ReplayPlan['tail'] {
  return graph.problems.flatMap((problem) => (problem.kind === 'missing-parent' && problem.revision === revision ? [{ file: problem.file, line: 1, reason: `the parent revision ${problem.parent} is missing` }] : []));
}

/** Static review of migrations: the rule catalogue, plus squawk on PostgreSQL projects. */
export async function validateMigrations(project: Project, options: ValidateOptions = {}): Promise<ValidateResult> {
  const config = await ruleConfigOf(project);
  const named = options.files && options.files.length > 0 ? options.files.map((file) => projectFileArgument(project.root, file, options.cwd ?? process.cwd())) : undefined;
  const index = await MigrationIndex.load(project, { withFacts: true });
  const indexed = new Set(index.files);
  const headers: MigrationHeader[] = index.headers.map((header) => index.checkedHeader(header));
  // the graph is built when needed: a kept answer for named files needs none
  let built: RevisionGraph | undefined;
  const graphOf = () => (built ??= revisionGraph(headers));
  const { targets, selection } = named ? { targets: named, selection: 'the files given' } : await defaultTargets(project, graphOf, options.all === true);
  // a named file outside the versions folders is parsed here (it has no entry in the index)
  const outside = new Map<string, MigrationFacts>();
  for (const file of targets) {
    if (indexed.has(file) || outside.has(file)) continue;
    const [{ parsePythonFile }, { migrationFacts }] = await Promise.all([import('../parse/python.js'), import('./rules/context.js')]);
    const parsed = await parsePythonFile(readBytes(join(project.root, file)));
    try {
      outside.set(file, migrationFacts({ file, root: parsed.root, walkable: parsed.walkable }));
    } finally {
      parsed.delete();
    }
  }
  // Findings of files all in the index, without squawk (which runs other programs), are kept under a key
  // naming everything they derive from: the build, the rule settings, the dialect, the models (every
  // candidate file's hash) and every migration file's path and hash. A run that finds the same answers at once.
  const dialect = project.database?.dialect;
  const squawk = options.squawk ?? dialect === 'postgresql';
  const results = !squawk && buildId !== undefined && outside.size === 0 ? new BlobStore<Finding[]>(project.root, 'validate-results-1', 64) : undefined;
  const modelsKey = results?.enabled ? modelSummaryKey(project) : undefined;
  const resultKey = modelsKey === undefined ? undefined : BlobStore.key('validate', buildId!, JSON.stringify(config), dialect ?? '', modelsKey, JSON.stringify(targets), ...index.files.map((file) => `${file}\0${index.hashOf(file) ?? ''}`));
  const kept = resultKey === undefined ? undefined : results!.read(resultKey);
  if (kept) return { targets, selection, findings: kept };
  const graph = graphOf();
  const factsOf = async (file: string) => outside.get(file) ?? (await index.factsOf(file));
  let historyMap: Map<string, Operation[]> | undefined;
  const history = async () => {
    if (!historyMap) {
      historyMap = new Map();
      for (const header of headers) if (header.revision !== null && !historyMap.has(header.revision)) historyMap.set(header.revision, (await index.factsOf(header.file)).upgrade.ops);
    }
    return historyMap;
  };
  const models = await loadModelSummary(project, modelsKey);
  // Several targets are checked in graph order, each starting from the schema its parent left, so
  // `--all` costs one replay of the history rather than one from base per revision.
  const revisionOf = new Map(headers.map((header) => [header.file, header]));
  const position = new Map(graph.order.map((revision, index) => [revision, index]));
  const rank = (file: string) => position.get(revisionOf.get(file)?.revision ?? '') ?? Number.MAX_SAFE_INTEGER;
  const walkable = !graph.problems.some((problem) => problem.kind === 'revision-cycle' || problem.kind === 'missing-parent');
  const namingConvention = models.namingConvention;
  const unreadableModels = unreadableModelFiles(models.files).map(({ file, problem }) => ({ file, line: problem.line }));
  const schemaHead = targets.length > 1 ? replayRevisions(graph, await history(), graph.heads, namingConvention) : undefined;
  const byFile = new Map<string, Finding[]>();
  let previous: { revision: string; after: Schema } | undefined;
  for (const file of [...targets].sort((a, b) => rank(a) - rank(b))) {
    const facts = await factsOf(file);
    const { header } = facts;
    const parents = header.downRevisions;
    // the schema the previous target left is this one's start when it is its only parent and nothing else is required (depends_on)
    const alone = header.dependsOn.length === 0;
    const chained = walkable && alone && previous && parents.length === 1 && parents[0] === previous.revision ? previous.after : undefined;
    const cached = targets.length === 1 && indexed.has(file) ? await cachedSchemas(project, index, graph, facts, history, namingConvention) : undefined;
    const input = { file, graph, models: models.tables, unreadableModels, dialect, config, namingConvention };
    const context = cached
      ? contextOfFacts(facts, { ...input, history: new Map(), schemaBefore: cached.schemaBefore, schemaHead: cached.schemaHead })
      : contextOfFacts(facts, { ...input, history: await history(), schemaBefore: chained, schemaHead });
    const found = runMigrationRules(context, config);
    previous = header.revision && context.schemaAfter ? { revision: header.revision, after: context.schemaAfter } : undefined;
    if (squawk && header.revision && !header.problem) {
      const { squawkMigration } = await import('./squawk/squawk.js');
      const { upgrade } = context;
      const fromSquawk = await squawkMigration(project, header, statementLocator(upgrade.ops, { line: upgrade.line, column: upgrade.column }));
      found.push(...applySuppressions(applyRuleConfig(fromSquawk, config), context.suppressions));
    }
    byFile.set(file, found);
  }
  const findings = [...targets.flatMap((file) => byFile.get(file) ?? []), ...applyRuleConfig(modelFileFindings(models.files), config)];
  if (resultKey !== undefined) results!.write(resultKey, findings);
  return { targets, selection, findings };
}

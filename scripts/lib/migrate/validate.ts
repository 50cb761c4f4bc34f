import { join } from 'node:path';
import { readBytes } from '../cli/errors.js';
import { projectFileArgument } from '../discover/files.js';
import { changedSinceHead } from '../discover/git.js';
import type { Project } from '../discover/types.js';
import type { Finding } from '../findings/schema.js';
import { loadModels } from '../models/load.js';
import { modelFileFindings } from './model-files.js';
import { loadMigrations, migrationFiles } from './load.js';
import { revisionGraph, type RevisionGraph } from './graph.js';
import { replayRevisions, type Schema } from './ops/replay.js';
import type { Operation } from './ops/types.js';
import { readMigrationHeader, type MigrationHeader } from './header.js';
import { parsePythonFile, type PythonFile } from '../parse/python.js';
import { ruleConfigOf } from '../rules/project-config.js';
import { migrationContext, runMigrationRules } from './rules/context.js';
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
async function defaultTargets(project: Project, graph: RevisionGraph, all: boolean): Promise<{ targets: string[]; selection: string }> {
  const files = migrationFiles(project);
  if (all) return { targets: files, selection: `all ${files.length} migrations` };
  const changed = await changedSinceHead(project, project.versionDirs, new Set(files));
  if (changed && changed.length > 0) return { targets: changed, selection: 'migrations changed or added since git HEAD' };
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

/** Static review of migrations: the rule catalogue, plus squawk on PostgreSQL projects. */
export async function validateMigrations(project: Project, options: ValidateOptions = {}): Promise<ValidateResult> {
  const config = await ruleConfigOf(project);
  const named = options.files && options.files.length > 0 ? options.files.map((file) => projectFileArgument(project.root, file, options.cwd ?? process.cwd())) : undefined;
  const trees = new Map<string, PythonFile>();
  const parse = async (file: string) => {
    if (!trees.has(file)) trees.set(file, await parsePythonFile(readBytes(join(project.root, file))));
  };
  try {
    // named files are parsed first, so the migration loader reuses their trees instead of parsing them again
    for (const file of named ?? []) await parse(file);
    const migrations = await loadMigrations(project, trees);
    const headers: MigrationHeader[] = migrations.map((migration) => migration.header);
    const graph = revisionGraph(headers);
    const { targets, selection } = named ? { targets: named, selection: 'the files given' } : await defaultTargets(project, graph, options.all === true);
    for (const file of targets) await parse(file);
    const history = new Map<string, Operation[]>();
    for (const { header, upgradeOps } of migrations) if (header.revision !== null && !history.has(header.revision)) history.set(header.revision, upgradeOps);
    const models = await loadModels(project);
    // Several targets are checked in graph order, each starting from the schema its parent left, so
    // `--all` costs one replay of the history rather than one from base per revision.
    const revisionOf = new Map(headers.map((header) => [header.file, header]));
    const position = new Map(graph.order.map((revision, index) => [revision, index]));
    const rank = (file: string) => position.get(revisionOf.get(file)?.revision ?? '') ?? Number.MAX_SAFE_INTEGER;
    const walkable = !graph.problems.some((problem) => problem.kind === 'revision-cycle' || problem.kind === 'missing-parent');
    const namingConvention = models.namingConvention;
    const schemaHead = targets.length > 1 ? replayRevisions(graph, history, graph.heads, namingConvention) : undefined;
    const dialect = project.database?.dialect;
    const squawk = options.squawk ?? dialect === 'postgresql';
    const byFile = new Map<string, Finding[]>();
    let previous: { revision: string; after: Schema } | undefined;
    for (const file of [...targets].sort((a, b) => rank(a) - rank(b))) {
      const parsed = trees.get(file)!;
      // the loader read the same bytes; a file outside the versions folders gets its header here
      const header = revisionOf.get(file) ?? readMigrationHeader(parsed, file);
      const parents = header.downRevisions;
      // the schema the previous target left is this one's start when it is its only parent and nothing else is required (depends_on)
      const alone = header.dependsOn.length === 0;
      const schemaBefore = walkable && alone && previous && parents.length === 1 && parents[0] === previous.revision ? previous.after : undefined;
      const context = migrationContext({ file, root: parsed.root, header, walkable: parsed.walkable, graph, history, models: models.tables, dialect, config, schemaBefore, schemaHead, namingConvention });
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
    return { targets, selection, findings };
  } finally {
    for (const tree of trees.values()) tree.delete();
  }
}


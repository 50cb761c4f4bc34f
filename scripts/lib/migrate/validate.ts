import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { readBytes, UsageError } from '../cli/errors.js';
import { relativePath } from '../discover/files.js';
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
import type { RuleConfig } from '../rules/config.js';
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

/** Migration files that git sees as changed or added relative to HEAD (tracked or not); undefined outside git. */
async function changedMigrations(project: Project, files: Set<string>): Promise<string[] | undefined> {
  const dirs = project.versionDirs.map((dir) => relativePath(project.root, dir) || '.');
  const { execa } = await import('execa');
  const [status, prefix] = await Promise.all([
    execa('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...dirs], { cwd: project.root, reject: false, timeout: 5000, stdin: 'ignore' }),
    execa('git', ['rev-parse', '--show-prefix'], { cwd: project.root, reject: false, timeout: 5000, stdin: 'ignore' }),
  ]);
  if (status.exitCode !== 0 || prefix.exitCode !== 0) return undefined;
  const top = prefix.stdout.trim();
  const changed: string[] = [];
  const entries = status.stdout.split('\0');
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    // a rename is followed by its old path, which is not a target
    if (code.includes('R') || code.includes('C')) index += 1;
    if (code.includes('D')) continue;
    const path = entry.slice(3);
    const file = path.startsWith(top) ? path.slice(top.length) : path;
    if (files.has(file)) changed.push(file);
  }
  return changed.sort();
}

function targetFromArgument(project: Project, argument: string, cwd: string): string {
  const absolute = isAbsolute(argument) ? argument : resolve(cwd, argument);
  if (!existsSync(absolute)) throw new UsageError(`${argument}: no such file`);
  const file = relativePath(project.root, absolute);
  if (file.startsWith('..')) throw new UsageError(`${argument}: not inside the project at ${project.root}`);
  return file;
}

/** Targets when none are named: every migration, those changed since git HEAD, else the heads. */
async function defaultTargets(project: Project, graph: RevisionGraph, all: boolean): Promise<{ targets: string[]; selection: string }> {
  const files = migrationFiles(project);
  if (all) return { targets: files, selection: `all ${files.length} migrations` };
  const changed = await changedMigrations(project, new Set(files));
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

/** The project's rule severities; the validation (and zod) loads only when the project sets some. */
export async function ruleConfigOf(project: Project): Promise<RuleConfig> {
  if (project.config.rules === undefined) return {};
  const [{ parseRuleConfig }, { allRuleIds }] = await Promise.all([import('../rules/config.js'), import('../suite/catalogues.js')]);
  return parseRuleConfig(project.config.rules, 'stk-migrate config', await allRuleIds());
}

/** Static review of migrations: the rule catalogue, plus squawk on PostgreSQL projects. */
export async function validateMigrations(project: Project, options: ValidateOptions = {}): Promise<ValidateResult> {
  let config: RuleConfig;
  try {
    config = await ruleConfigOf(project);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const named = options.files && options.files.length > 0 ? options.files.map((file) => targetFromArgument(project, file, options.cwd ?? process.cwd())) : undefined;
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
    const schemaHead = targets.length > 1 ? replayRevisions(graph, history, graph.heads) : undefined;
    const dialect = project.database?.dialect;
    const squawk = options.squawk ?? dialect === 'postgresql';
    const byFile = new Map<string, Finding[]>();
    let previous: { revision: string; after: Schema } | undefined;
    for (const file of [...targets].sort((a, b) => rank(a) - rank(b))) {
      const parsed = trees.get(file)!;
      // the loader read the same bytes; a file outside the versions folders gets its header here
      const header = revisionOf.get(file) ?? readMigrationHeader(parsed, file);
      const parents = header.downRevisions;
      const schemaBefore = walkable && previous && parents.length === 1 && parents[0] === previous.revision ? previous.after : undefined;
      const context = migrationContext({ file, root: parsed.root, header, walkable: parsed.walkable, graph, history, models: models.tables, dialect, config, schemaBefore, schemaHead });
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


import { basename } from 'node:path';
import { z } from 'zod';
import { currentRevision } from '../db/current.js';
import { relativePath } from '../discover/files.js';
import type { Project } from '../discover/types.js';
import { loadMigrationHeaders, loadModels } from '../load/project-files.js';
import { pendingRevisions, revisionGraph, type GraphProblem } from '../model/graph.js';
import { modelChanges } from './git.js';

const ColumnSchema = z.object({
  name: z.string(),
  type: z.string().nullable(),
  length: z.number().nullable(),
  nullable: z.boolean(),
  primaryKey: z.boolean(),
  unique: z.boolean(),
  index: z.boolean(),
  foreignKey: z.object({ target: z.string(), ondelete: z.string().nullable() }).nullable(),
  serverDefault: z.string().nullable(),
  line: z.number(),
});

/** `stk-migrate context --format json`: other tools rely on `current`, `heads`, `migrations` and `tables`. */
export const ContextSchema = z.object({
  project: z.object({
    name: z.string(),
    root: z.string(),
    runner: z.string(),
    cli: z.string(),
    dialect: z.string().nullable(),
    database: z.string().nullable().describe('the URL with its password masked'),
    databaseSource: z.string().nullable(),
    appPackage: z.string().nullable(),
    versionDirs: z.array(z.string()),
    modelFiles: z.array(z.string()),
  }),
  current: z.string().nullable(),
  currentRevisions: z.array(z.string()).nullable().describe('null when the current revision could not be read'),
  currentSource: z.string(),
  currentReason: z.string().nullable(),
  heads: z.array(z.string()),
  pending: z.array(z.string()).nullable().describe('oldest first; null when the current revision is unknown'),
  migrations: z.array(
    z.object({
      revision: z.string(),
      downRevision: z.union([z.string(), z.array(z.string()), z.null()]),
      message: z.string(),
      file: z.string(),
    }),
  ),
  tables: z.array(z.object({ name: z.string(), className: z.string().nullable(), file: z.string(), line: z.number(), columns: z.array(ColumnSchema) })),
  problems: z.array(z.object({ kind: z.string(), file: z.string(), line: z.number(), message: z.string() })),
  modelChanges: z.object({ files: z.array(z.string()), reason: z.string() }).nullable(),
});
export type Context = z.infer<typeof ContextSchema>;

function describeProblem(problem: GraphProblem): Context['problems'][number] {
  switch (problem.kind) {
    case 'syntax-error':
      return { kind: problem.kind, file: problem.file, line: problem.line, message: problem.message };
    case 'duplicate-revision':
      return { kind: problem.kind, file: problem.files[1] ?? problem.files[0] ?? '', line: 1, message: `revision ${problem.revision} is declared by ${problem.files.join(' and ')}` };
    case 'missing-parent':
      return { kind: problem.kind, file: problem.file, line: 1, message: `revision ${problem.revision} names parent ${problem.parent}, which no file declares` };
    case 'revision-cycle':
      return { kind: problem.kind, file: problem.files[0] ?? '', line: 1, message: `revisions ${problem.revisions.join(', ')} form a cycle` };
    case 'revision-mismatch':
      return { kind: problem.kind, file: problem.file, line: 1, message: `revision ${problem.revision} does not match the file name ${basename(problem.file)}` };
  }
}

/** Everything `/stk-migrate` needs to know before the model reads a word. */
export async function buildContext(project: Project): Promise<Context> {
  const [headers, models] = await Promise.all([loadMigrationHeaders(project), loadModels(project)]);
  const graph = revisionGraph(headers);
  const newestFirst = [...graph.order].reverse();
  const newest = newestFirst[0] ? graph.byRevision.get(newestFirst[0])?.file : undefined;
  const [current, changes] = await Promise.all([
    currentRevision(project, new Set(graph.byRevision.keys()), (project.config.timeoutSeconds ?? 3) * 1000),
    modelChanges(project.root, models.files.map((file) => file.file), newest),
  ]);
  const revisions = current.revisions;
  return {
    project: {
      name: basename(project.root),
      root: project.root,
      runner: project.runner.label,
      cli: project.cli.label,
      dialect: project.database?.dialect ?? null,
      database: project.database?.masked ?? null,
      databaseSource: project.database?.source ?? null,
      appPackage: project.appPackage ?? null,
      versionDirs: project.versionDirs.map((dir) => relativePath(project.root, dir) || '.'),
      modelFiles: models.files.map((file) => file.file),
    },
    current: revisions && revisions.length > 0 ? revisions.join(',') : null,
    currentRevisions: revisions ?? null,
    currentSource: current.source,
    currentReason: current.reason ?? null,
    heads: graph.heads,
    pending: revisions ? pendingRevisions(graph, revisions) : null,
    migrations: newestFirst.map((revision) => {
      const header = graph.byRevision.get(revision)!;
      const down = header.downRevisions;
      return { revision, downRevision: down.length === 0 ? null : down.length === 1 ? down[0]! : down, message: header.message, file: header.file };
    }),
    tables: models.tables.map((table) => ({ name: table.name, className: table.className, file: table.file, line: table.line, columns: table.columns })),
    problems: [
      ...graph.problems.map(describeProblem),
      ...models.files.flatMap((file) => (file.problem ? [{ kind: 'syntax-error', file: file.file, line: file.problem.line, message: file.problem.message }] : [])),
    ],
    modelChanges: changes ?? null,
  };
}

import { basename } from 'node:path';
import { currentRevision } from '../../db/current.js';
import { missingScriptLocation, relativePath } from '../../discover/files.js';
import type { Project } from '../../discover/types.js';
import { loadModelSummary } from '../../models/load.js';
import { shadowNotice } from '../../suite/shadow.js';
import { loadMigrationHeaders } from '../load.js';
import { pendingRevisions, revisionGraph, type GraphProblem } from '../graph.js';
import { askGit, modelChanges } from './git.js';
import { unresolvedDependencies } from '../references.js';
import type { Context } from './schema.js';

export type { Context } from './schema.js';

function describeProblem(problem: GraphProblem): Context['problems'][number] {
  switch (problem.kind) {
    case 'syntax-error':
    case 'too-large':
    case 'unverified':
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

/** The versions folders and the places models are searched, as git pathspecs from the root ('.' for the root itself). */
function gitPaths(project: Project, folders: string[], files: string[]): string[] {
  return [...new Set([...project.versionDirs.map((dir) => relativePath(project.root, dir) || '.'), ...folders.map((folder) => folder.replace(/\/+$/, '') || '.'), ...files])];
}

/** Everything `/stk-migrate` needs to know before the model reads a word. */
export async function buildContext(project: Project): Promise<Context> {
  // git starts first, over the folders that hold the migrations and the models, and runs while they are read
  const early = project.models.kind === 'search' ? askGit(project.root, gitPaths(project, project.models.folders, project.models.files)) : undefined;
  const [headers, models] = await Promise.all([loadMigrationHeaders(project), loadModelSummary(project)]);
  const graph = revisionGraph(headers);
  const newestFirst = [...graph.order].reverse();
  const newest = newestFirst[0] ? graph.byRevision.get(newestFirst[0])?.file : undefined;
  const modelFiles = models.files.map((file) => file.file);
  const answers = early ?? (modelFiles.length > 0 ? askGit(project.root, [...modelFiles, ...(newest ? [newest] : [])]) : undefined);
  const [current, changes, shadowing] = await Promise.all([
    currentRevision(project, new Set(graph.byRevision.keys()), (project.config.timeoutSeconds ?? 3) * 1000),
    answers ? modelChanges(project.root, answers, modelFiles, newest) : undefined,
    shadowNotice(project.root),
  ]);
  const revisions = current.revisions;
  // a revision in the database that no file declares (another branch's, a file deleted): what is pending is unknown
  const unknown = (revisions ?? []).filter((revision) => !graph.byRevision.has(revision));
  const ini = project.alembicIni ? relativePath(project.root, project.alembicIni) : '';
  const missing = missingScriptLocation(project);
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
      layout: project.layout,
      alembicIni: project.alembicIni ? relativePath(project.root, project.alembicIni) : null,
      section: project.alembicSection,
      sections: project.alembicSections,
      scriptLocation: relativePath(project.root, project.scriptLocation) || '.',
      versionDirs: project.versionDirs.map((dir) => relativePath(project.root, dir) || '.'),
      modelFiles: models.files.map((file) => file.file),
    },
    current: revisions && revisions.length > 0 ? revisions.join(',') : null,
    currentRevisions: revisions ?? null,
    currentSource: current.source,
    currentReason: current.reason ?? null,
    heads: graph.heads,
    pending: revisions && unknown.length === 0 ? pendingRevisions(graph, revisions) : null,
    migrations: newestFirst.map((revision) => {
      const header = graph.byRevision.get(revision)!;
      const down = header.downRevisions;
      return { revision, downRevision: down.length === 0 ? null : down.length === 1 ? down[0]! : down, message: header.message, file: header.file };
    }),
    tables: models.tables.map((table) => ({ name: table.name, className: table.className, file: table.file, line: table.line, columns: table.columns })),
    problems: [
      ...(missing ? [{ kind: 'missing-script-location', file: ini, line: 1, message: `${missing}: every Alembic command fails until it does (fix the path, or create it with alembic init)` }] : []),
      ...(unknown.length > 0
        ? [{ kind: 'unknown-current-revision', file: ini, line: 1, message: `the database is at ${unknown.join(', ')}, which no migration file declares (a revision from another branch, or a file deleted): Alembic cannot upgrade it until that file is back` }]
        : []),
      ...graph.problems.map(describeProblem),
      ...unresolvedDependencies(graph).map((dependency) => ({ kind: 'missing-dependency', file: dependency.file, line: 1, message: `revision ${dependency.revision} depends on ${dependency.name}, which is neither a revision nor a branch label` })),
      ...models.files.flatMap((file) => (file.problem ? [{ kind: 'syntax-error', file: file.file, line: file.problem.line, message: file.problem.message }] : [])),
    ],
    modelChanges: changes ?? null,
    shadowing: shadowing ?? null,
  };
}

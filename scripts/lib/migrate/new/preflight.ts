import { UsageError } from '../../cli/errors.js';
import { currentRevision } from '../../db/current.js';
import type { Project } from '../../discover/types.js';
import { loadMigrationHeaders } from '../load.js';
import { refuseUnloadableHistory, revisionGraph } from '../graph.js';
import { mergeCommand, userCommand } from './commands.js';

/** What `new` asks of its check before the revision command. */
export interface Preflight {
  /** Autogenerate against the configured database (not --empty, not --throwaway). */
  readsDatabase: boolean;
  /** How long to wait for the database (milliseconds). */
  timeoutMs: number;
}

/**
 * What `new` makes sure of before the project's revision command runs, so that the command neither fails
 * with a message that hides the reason nor touches the developer's database: a history Alembic can load,
 * one head to write the new revision on, and for autogenerate against the configured database, a database
 * that exists and is at that head. Throws a one-line UsageError (file, reason, next step) otherwise.
 */
export async function checkBeforeRevision(project: Project, options: Preflight): Promise<void> {
  const graph = revisionGraph(await loadMigrationHeaders(project));
  refuseUnloadableHistory(graph);
  if (graph.heads.length > 1) {
    throw new UsageError(`the history has ${graph.heads.length} heads (${graph.heads.join(', ')}), and a new revision needs one parent; merge them first: ${mergeCommand(project, graph.heads)}`);
  }
  if (!options.readsDatabase) return;
  const database = project.database;
  // Only what can be read without the project's code is checked here; the project's command says the rest.
  if (database?.dialect !== 'sqlite' && database?.dialect !== 'postgresql') return;
  const current = await currentRevision(project, new Set(graph.byRevision.keys()), options.timeoutMs);
  const upgrade = userCommand(project, project.cli.kind === 'alembic' ? 'upgrade head' : 'upgrade');
  const instead = 'or pass --throwaway to compare the models with a throwaway database at the head (--empty for a blank revision)';
  if (current.revisions === undefined) {
    const why = (current.reason ?? 'no answer').replace(`could not read ${database.masked}: `, '');
    throw new UsageError(`cannot read the database ${database.masked} (from ${database.source}): ${why}; check that it is reachable, ${instead}`, 'database');
  }
  // with no migration yet, there is nothing to apply first: autogenerate writes the first one
  if (current.revisions.length === 0 && graph.heads.length > 0) {
    const why = current.reason ?? 'no migration has been applied';
    const state = !current.missing ? `has no migration applied (${why})` : database.dialect === 'sqlite' ? 'does not exist yet, and autogenerate would create it' : 'does not exist yet';
    throw new UsageError(`the database ${database.masked} ${state}; apply the migrations first (${upgrade}), ${instead}`, 'database');
  }
  const unknown = current.revisions.filter((revision) => !graph.byRevision.has(revision));
  if (unknown.length > 0) {
    throw new UsageError(`the database ${database.masked} is at ${unknown.join(', ')}, which no migration file declares (a revision from another branch, or a file deleted); check out or restore it, ${instead}`, 'database');
  }
  const heads = new Set(graph.heads);
  if (current.revisions.length !== heads.size || current.revisions.some((revision) => !heads.has(revision))) {
    throw new UsageError(
      `the database ${database.masked} is at ${current.revisions.join(', ')}, behind the head ${graph.heads.join(', ')}, so autogenerate would compare the models with an old schema; apply the pending migrations first (${upgrade}), ${instead}`,
      'database',
    );
  }
}

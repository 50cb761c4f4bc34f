import { UsageError } from '../../cli/command.js';
import { relativePath } from '../../discover/files.js';
import { ancestors, revisionGraph, type RevisionGraph } from '../graph.js';
import type { RevisionInfo } from '../../throwaway/protocol.js';

/** The revision graph as Alembic itself reports it (through the helper), in the shape the rest of the code uses. */
export function graphOfRevisions(revisions: RevisionInfo[], root: string): RevisionGraph {
  return revisionGraph(
    revisions.map((info) => ({
      file: relativePath(root, info.path),
      revision: info.revision,
      downRevisions: info.downRevisions,
      branchLabels: [],
      dependsOn: [],
      message: info.message,
      revisionLine: 1,
      problem: undefined,
    })),
  );
}

/** Which revisions to round-trip: every one from base (`--all`), the named one (a unique prefix will do), or the heads. */
export function resolveTargets(graph: RevisionGraph, requested: string | undefined, all: boolean): string[] {
  if (all) return graph.order;
  if (!requested || requested === 'head' || requested === 'heads') return graph.order.filter((revision) => graph.heads.includes(revision));
  if (graph.byRevision.has(requested)) return [requested];
  const matches = graph.order.filter((revision) => revision.startsWith(requested));
  if (matches.length === 1) return matches;
  if (matches.length > 1) throw new UsageError(`revision '${requested}' is ambiguous: ${matches.join(', ')}`);
  throw new UsageError(`no revision '${requested}' in this project (heads: ${graph.heads.join(', ') || 'none'}); see stk-migrate context`);
}

export interface MigrationStep {
  op: 'upgrade' | 'downgrade';
  target: string;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((item) => b.includes(item));

/**
 * The migrations that bring a database at `current` to exactly `parents`: upgrades when it is behind,
 * a downgrade when it is ahead; undefined when it sits on another branch.
 */
export function stepsToReach(graph: RevisionGraph, current: string[], parents: string[]): MigrationStep[] | undefined {
  if (sameSet(current, parents)) return [];
  const upgrades = parents.filter((parent) => !current.includes(parent)).map((target): MigrationStep => ({ op: 'upgrade', target }));
  const belowParents = ancestors(graph, parents);
  if (current.every((head) => belowParents.has(head))) return upgrades;
  const applied = ancestors(graph, current);
  if (!parents.every((parent) => applied.has(parent))) return undefined;
  // Downgrading to one parent undoes only its descendants; the other parents of a merge stay applied.
  return [{ op: 'downgrade', target: parents[0] ?? 'base' }, ...parents.slice(1).map((target): MigrationStep => ({ op: 'upgrade', target }))];
}

/** Where `downgrade` goes to undo one revision: its first parent (a merge's other parents stay), or base. */
export function downgradeTarget(parents: string[]): string {
  return parents[0] ?? 'base';
}

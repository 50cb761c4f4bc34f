import type { RevisionGraph } from './graph.js';

/** A `depends_on` entry that names neither a revision nor a branch label. */
export interface UnresolvedDependency {
  revision: string;
  file: string;
  name: string;
}

/**
 * Every `depends_on` entry Alembic cannot resolve: it accepts a revision id or a branch label, exactly
 * (no prefix), and fails every command with `KeyError: '<name>'` otherwise.
 */
export function unresolvedDependencies(graph: RevisionGraph): UnresolvedDependency[] {
  // asked once per checked file (missing-parent): computed once per graph, so `validate --all` stays linear
  const known = computed.get(graph);
  if (known) return known;
  const found = unresolvedIn(graph);
  computed.set(graph, found);
  return found;
}

const computed = new WeakMap<RevisionGraph, UnresolvedDependency[]>();

function unresolvedIn(graph: RevisionGraph): UnresolvedDependency[] {
  const labels = new Set([...graph.byRevision.values()].flatMap((header) => header.branchLabels));
  return [...graph.byRevision.entries()].flatMap(([revision, header]) =>
    header.dependsOn.filter((name) => !graph.byRevision.has(name) && !labels.has(name)).map((name) => ({ revision, file: header.file, name })),
  );
}

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
  const labels = new Set([...graph.byRevision.values()].flatMap((header) => header.branchLabels));
  return [...graph.byRevision.entries()].flatMap(([revision, header]) =>
    header.dependsOn.filter((name) => !graph.byRevision.has(name) && !labels.has(name)).map((name) => ({ revision, file: header.file, name })),
  );
}

import { ancestors, mergeWords, type RevisionGraph } from '../../graph.js';
import { listed } from '../helpers.js';
import type { Rule } from '../types.js';

/** Labels found on the part of each head's history that no other head shares. */
function ownLabels(graph: RevisionGraph): Map<string, Set<string>> {
  const lines = new Map(graph.heads.map((head) => [head, ancestors(graph, [head])]));
  const labels = new Map<string, Set<string>>();
  for (const [head, line] of lines) {
    const own = new Set<string>();
    for (const revision of line) {
      if ([...lines].some(([other, otherLine]) => other !== head && otherLine.has(revision))) continue;
      for (const label of graph.byRevision.get(revision)?.branchLabels ?? []) own.add(label);
    }
    labels.set(head, own);
  }
  return labels;
}

const namedBranchesOf = new WeakMap<RevisionGraph, boolean>();

/** Each head closes its own named branch, and no two heads share a name: separate branches on purpose (expand/contract). Once per graph, not once per file checked. */
function namedBranches(graph: RevisionGraph): boolean {
  let named = namedBranchesOf.get(graph);
  if (named === undefined) namedBranchesOf.set(graph, (named = computeNamedBranches(graph)));
  return named;
}

function computeNamedBranches(graph: RevisionGraph): boolean {
  const labels = ownLabels(graph);
  const seen = new Set<string>();
  for (const own of labels.values()) {
    if (own.size === 0) return false;
    for (const label of own) {
      if (seen.has(label)) return false;
      seen.add(label);
    }
  }
  return true;
}

export const multipleHeads: Rule = {
  id: 'multiple-heads',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a head revision when the history has more than one head, unless every head closes its own named branch (`branch_labels`), as projects with separate `expand`/`contract` branches do.',
    why: '`upgrade head` fails with "Multiple head revisions are present" until the heads are merged; it usually means two people branched from the same revision.',
    example: '# two files both say:\ndown_revision = "9e8d7c6b5a41"',
    fix: '# the newer one follows the other:\nrevision = "7c5e1a2b9d34"\ndown_revision = "3f2a9c1d0b7e"',
  },
  check({ graph, header }) {
    if (graph.heads.length < 2 || header.revision === null || !graph.heads.includes(header.revision) || namedBranches(graph)) return [];
    const others = graph.heads.filter((head) => head !== header.revision);
    // a header computed at run time may be the merge that joins these heads
    const computed = graph.problems.some((problem) => problem.kind === 'unverified');
    return [
      {
        line: header.revisionLine,
        column: 1,
        ...(computed ? { severity: 'info' as const } : {}),
        message: `This revision is one of ${graph.heads.length} heads (${listed(graph.heads)}), so \`upgrade head\` fails until they are merged.`,
        help: `if this revision is the newer one, set \`down_revision = "${others[0] ?? ''}"\`; otherwise create a merge revision: \`alembic ${mergeWords(graph.heads)}\``,
      },
    ];
  },
};

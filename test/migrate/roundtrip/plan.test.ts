import { describe, expect, it } from 'vitest';
import { downgradeTarget, graphOfRevisions, resolveTargets, stepsToReach } from '../../../scripts/lib/migrate/roundtrip/plan.js';
import type { RevisionInfo } from '../../../scripts/lib/throwaway/protocol.js';

/** base -> a -> {b, c} -> m (a merge of b and c) -> d */
const revisions: RevisionInfo[] = [
  ['base1', []],
  ['a', ['base1']],
  ['b', ['a']],
  ['c', ['a']],
  ['m', ['b', 'c']],
  ['d', ['m']],
].map(([revision, parents]) => ({
  revision: revision as string,
  downRevisions: parents as string[],
  path: `/p/alembic/versions/${String(revision)}_x.py`,
  message: `message ${String(revision)}`,
  upgradeLine: 10,
  downgradeLine: 20,
}));
const graph = graphOfRevisions(revisions, '/p');

describe('the round trip plan', () => {
  it('reads Alembic\'s revisions into the shared revision graph, files relative to the root', () => {
    expect(graph.heads).toEqual(['d']);
    expect(graph.byRevision.get('m')?.file).toBe('alembic/versions/m_x.py');
    expect(graph.order.indexOf('m')).toBeGreaterThan(Math.max(graph.order.indexOf('b'), graph.order.indexOf('c')));
  });

  it('targets the heads by default, every revision in graph order with --all, or a unique prefix', () => {
    expect(resolveTargets(graph, undefined, false)).toEqual(['d']);
    expect(resolveTargets(graph, 'head', false)).toEqual(['d']);
    expect(resolveTargets(graph, undefined, true)).toEqual(graph.order);
    expect(resolveTargets(graph, 'bas', false)).toEqual(['base1']);
    expect(() => resolveTargets(graph, 'zz', false)).toThrow(/no revision 'zz' in this project \(heads: d\)/);
  });

  it('reaches a revision\'s parents by upgrading a database that is behind, in place', () => {
    expect(stepsToReach(graph, [], [])).toEqual([]);
    expect(stepsToReach(graph, [], ['a'])).toEqual([{ op: 'upgrade', target: 'a' }]);
    expect(stepsToReach(graph, ['a'], ['a'])).toEqual([]);
    expect(stepsToReach(graph, ['b'], ['b', 'c'])).toEqual([{ op: 'upgrade', target: 'c' }]);
  });

  it('downgrades a database that is ahead (a --with-data copy), and gives up on another branch', () => {
    expect(stepsToReach(graph, ['d'], ['b', 'c'])).toEqual([
      { op: 'downgrade', target: 'b' },
      { op: 'upgrade', target: 'c' },
    ]);
    expect(stepsToReach(graph, ['d'], [])).toEqual([{ op: 'downgrade', target: 'base' }]);
    expect(stepsToReach(graph, ['b'], ['c'])).toBeUndefined();
  });

  it('undoes one revision by downgrading to its first parent: a merge keeps its other parents', () => {
    expect(downgradeTarget(['b', 'c'])).toBe('b');
    expect(downgradeTarget([])).toBe('base');
  });
});

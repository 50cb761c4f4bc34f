import { describe, expect, it } from 'vitest';
import { ancestors, fileMatchesRevision, pendingRevisions, revisionGraph, type RevisionGraph } from '../../scripts/lib/migrate/graph.js';
import type { MigrationHeader } from '../../scripts/lib/migrate/header.js';

/** A header for `revision` with `parents`, in a file named after it unless `file` is given. */
function rev(revision: string, parents: string[] = [], file = `alembic/versions/${revision}_slug.py`): MigrationHeader {
  return { file, revision, downRevisions: parents, branchLabels: [], dependsOn: [], message: `message of ${revision}`, revisionLine: 5, problem: undefined };
}

/** Every revision comes after all of its (known) parents in `graph.order`. */
function expectParentsFirst(graph: RevisionGraph): void {
  const position = new Map(graph.order.map((revision, index) => [revision, index]));
  for (const revision of graph.order) {
    for (const parent of graph.byRevision.get(revision)!.downRevisions) {
      if (position.has(parent)) expect(position.get(parent)!, `${parent} before ${revision}`).toBeLessThan(position.get(revision)!);
    }
  }
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe('revisionGraph', () => {
  it('linear history: one base, one head, order from base to head, no problems', () => {
    // given out of order on purpose: file order must not matter
    const graph = revisionGraph([rev('c', ['b']), rev('a'), rev('d', ['c']), rev('b', ['a'])]);
    expect(graph.bases).toEqual(['a']);
    expect(graph.heads).toEqual(['d']);
    expect(graph.order).toEqual(['a', 'b', 'c', 'd']);
    expect(graph.branchPoints).toEqual([]);
    expect(graph.merges).toEqual([]);
    expect(graph.problems).toEqual([]);
    expect(graph.children.get('a')).toEqual(['b']);
  });

  it('a branch: two heads and the branch point', () => {
    const graph = revisionGraph([rev('a'), rev('b', ['a']), rev('c1', ['b']), rev('c2', ['b']), rev('d1', ['c1'])]);
    expect(sorted(graph.heads)).toEqual(['c2', 'd1']);
    expect(graph.branchPoints).toEqual(['b']);
    expect(sorted(graph.children.get('b')!)).toEqual(['c1', 'c2']);
    expect(graph.merges).toEqual([]);
    expect(graph.order).toHaveLength(5);
    expectParentsFirst(graph);
    expect(graph.problems).toEqual([]);
  });

  it('a merge: one head again, recorded as a merge, after both parents', () => {
    const graph = revisionGraph([rev('a'), rev('b1', ['a']), rev('b2', ['a']), rev('m', ['b1', 'b2']), rev('after', ['m'])]);
    expect(graph.heads).toEqual(['after']);
    expect(graph.merges).toEqual(['m']);
    expect(graph.branchPoints).toEqual(['a']);
    expectParentsFirst(graph);
    expect(graph.order.indexOf('m')).toBeGreaterThan(Math.max(graph.order.indexOf('b1'), graph.order.indexOf('b2')));
  });

  it('two independent bases (two branches from the start) and two heads', () => {
    const graph = revisionGraph([rev('core1'), rev('core2', ['core1']), rev('billing1'), rev('billing2', ['billing1'])]);
    expect(sorted(graph.bases)).toEqual(['billing1', 'core1']);
    expect(sorted(graph.heads)).toEqual(['billing2', 'core2']);
    expectParentsFirst(graph);
  });

  it('no migrations at all', () => {
    const graph = revisionGraph([]);
    expect(graph).toMatchObject({ heads: [], bases: [], order: [], problems: [] });
  });

  it('a cycle: reported with its revisions and files, left out of the order, the rest still ordered', () => {
    const graph = revisionGraph([rev('a'), rev('b', ['a']), rev('x', ['z']), rev('y', ['x']), rev('z', ['y'])]);
    expect(graph.order).toEqual(['a', 'b']);
    const cycle = graph.problems.find((problem) => problem.kind === 'revision-cycle');
    expect(cycle).toBeDefined();
    expect(cycle!.kind === 'revision-cycle' && sorted(cycle!.revisions)).toEqual(['x', 'y', 'z']);
    expect(cycle!.kind === 'revision-cycle' && sorted(cycle!.files)).toEqual(['alembic/versions/x_slug.py', 'alembic/versions/y_slug.py', 'alembic/versions/z_slug.py']);
    expect(graph.heads).toEqual(['b']);
  });

  it('a revision that names itself as parent is a cycle', () => {
    const graph = revisionGraph([rev('self', ['self'])]);
    expect(graph.problems).toEqual([{ kind: 'revision-cycle', revisions: ['self'], files: ['alembic/versions/self_slug.py'] }]);
    expect(graph.order).toEqual([]);
  });

  it('a missing parent: reported with revision, parent and file; the revision is still ordered', () => {
    const graph = revisionGraph([rev('a'), rev('b', ['a']), rev('orphan', ['gone'])]);
    expect(graph.problems).toEqual([{ kind: 'missing-parent', revision: 'orphan', parent: 'gone', file: 'alembic/versions/orphan_slug.py' }]);
    expect(sorted(graph.order)).toEqual(['a', 'b', 'orphan']);
    expect(sorted(graph.heads)).toEqual(['b', 'orphan']);
    expect(graph.bases).toEqual(['a']);
  });

  it('a merge with one missing parent keeps the known one', () => {
    const graph = revisionGraph([rev('a'), rev('m', ['a', 'gone'])]);
    expect(graph.problems).toEqual([{ kind: 'missing-parent', revision: 'm', parent: 'gone', file: 'alembic/versions/m_slug.py' }]);
    expect(graph.order).toEqual(['a', 'm']);
    expect(graph.heads).toEqual(['m']);
  });

  it('duplicate revision ids: reported with every file, the first file wins', () => {
    const first = rev('dup', ['a'], 'alembic/versions/dup_first.py');
    const second = rev('dup', [], 'alembic/versions/dup_second.py');
    const third = rev('dup', [], 'alembic/versions/dup_third.py');
    const graph = revisionGraph([rev('a'), first, second, third]);
    expect(graph.problems).toEqual([{ kind: 'duplicate-revision', revision: 'dup', files: [first.file, second.file, third.file] }]);
    expect(graph.byRevision.get('dup')).toBe(first);
    expect(graph.order).toEqual(['a', 'dup']);
  });

  it('a file whose revision does not match its name', () => {
    const graph = revisionGraph([rev('a1b2c3d4e5f6', [], 'alembic/versions/ffffffffffff_add_user.py'), rev('b', ['a1b2c3d4e5f6'])]);
    expect(graph.problems).toEqual([{ kind: 'revision-mismatch', revision: 'a1b2c3d4e5f6', file: 'alembic/versions/ffffffffffff_add_user.py' }]);
    expect(graph.order).toEqual(['a1b2c3d4e5f6', 'b']);
  });

  it('syntax errors of files become problems with file and line; a file without a revision is left out of the graph', () => {
    const broken = { ...rev('b', ['a']), problem: { line: 12, column: 3, message: 'invalid Python syntax: missing )' } };
    const unreadable = { ...rev('x'), file: 'alembic/versions/helpers.py', revision: null, problem: { line: 1, column: 1, message: 'no `revision = "..."` assignment in helpers.py' } };
    const graph = revisionGraph([rev('a'), broken, unreadable, rev('c', ['b'])]);
    expect(graph.problems).toEqual([
      { kind: 'syntax-error', file: broken.file, line: 12, column: 3, message: 'invalid Python syntax: missing )' },
      { kind: 'syntax-error', file: 'alembic/versions/helpers.py', line: 1, column: 1, message: 'no `revision = "..."` assignment in helpers.py' },
    ]);
    expect(graph.order).toEqual(['a', 'b', 'c']);
  });

  it('handles 5000 revisions: a long chain with branches and merges every 100', () => {
    const headers: MigrationHeader[] = [rev('r0')];
    for (let i = 1; i < 5000; i += 1) {
      if (i % 100 === 50) headers.push(rev(`r${i}`, [`r${i - 1}`]), rev(`side${i}`, [`r${i - 1}`]));
      else if (i % 100 === 51) headers.push(rev(`r${i}`, [`r${i - 1}`, `side${i - 1}`]));
      else headers.push(rev(`r${i}`, [`r${i - 1}`]));
    }
    headers.reverse();
    const graph = revisionGraph(headers);
    expect(graph.problems).toEqual([]);
    expect(graph.heads).toEqual(['r4999']);
    expect(graph.bases).toEqual(['r0']);
    expect(graph.order).toHaveLength(headers.length);
    expect(graph.order[0]).toBe('r0');
    expect(graph.order.at(-1)).toBe('r4999');
    expect(graph.merges).toHaveLength(50);
    expect(graph.branchPoints).toHaveLength(50);
    expectParentsFirst(graph);
    expect(pendingRevisions(graph, ['r2500'])).toHaveLength(2499 + 25);
    expect(ancestors(graph, ['r4999']).size).toBe(headers.length);
  });
});

describe('fileMatchesRevision', () => {
  it.each([
    ['alembic/versions/228ac4e0ebf5_add_bio.py', '228ac4e0ebf5', true],
    ['228ac4e0ebf5.py', '228ac4e0ebf5', true],
    ['versions/20260326_0001_add_bio.py', '20260326_0001', true],
    ['versions/2026_03_26_1200-228ac4e0ebf5_add_bio.py', '228ac4e0ebf5', true],
    ['versions/2026_03_26_1200-ffffffffffff_add_bio.py', '228ac4e0ebf5', false],
    ['versions/228ac4e0ebf5_228ac4e0ebf5x.py', '228ac4e0ebf5', true],
    ['versions/add-228ac4e0ebf5x.py', '228ac4e0ebf5', false],
    ['versions/2026_03_26_228ac4e0ebf5_add_bio.py', '228ac4e0ebf5', true],
    ['versions/add_bio_228ac4e0ebf5.py', '228ac4e0ebf5', true],
    ['versions/228ac4e0ebf5abc_add_bio.py', '228ac4e0ebf5', false],
    ['versions/x228ac4e0ebf5_add_bio.py', '228ac4e0ebf5', false],
    ['versions/ffffffffffff_add_bio.py', '228ac4e0ebf5', false],
  ])('%s for revision %s: %s', (file, revision, matches) => {
    expect(fileMatchesRevision(file, revision)).toBe(matches);
  });
});

describe('pendingRevisions and ancestors', () => {
  const graph = revisionGraph([rev('a'), rev('b', ['a']), rev('c1', ['b']), rev('c2', ['b']), rev('m', ['c1', 'c2']), rev('d', ['m'])]);

  it('everything is pending on an empty database, parents first', () => {
    const pending = pendingRevisions(graph, []);
    expect(sorted(pending)).toEqual(['a', 'b', 'c1', 'c2', 'd', 'm']);
    expect(pending).toEqual(graph.order);
  });

  it('nothing is pending at head', () => {
    expect(pendingRevisions(graph, ['d'])).toEqual([]);
  });

  it('from the middle of a linear part', () => {
    expect(sorted(pendingRevisions(graph, ['b']))).toEqual(['c1', 'c2', 'd', 'm']);
  });

  it('from one side of a branch: the other side, the merge and what follows', () => {
    const pending = pendingRevisions(graph, ['c1']);
    expect(sorted(pending)).toEqual(['c2', 'd', 'm']);
    expect(pending.indexOf('c2')).toBeLessThan(pending.indexOf('m'));
    expect(pending.indexOf('m')).toBeLessThan(pending.indexOf('d'));
  });

  it('with both sides of the branch applied (two current revisions)', () => {
    expect(pendingRevisions(graph, ['c1', 'c2'])).toEqual(['m', 'd']);
  });

  it('ignores an unknown current revision (everything is pending)', () => {
    expect(sorted(pendingRevisions(graph, ['deadbeef']))).toEqual(sorted(graph.order));
  });

  it('ancestors include the revisions themselves and follow every parent of a merge', () => {
    expect(sorted(ancestors(graph, ['m']))).toEqual(['a', 'b', 'c1', 'c2', 'm']);
    expect(sorted(ancestors(graph, ['c2']))).toEqual(['a', 'b', 'c2']);
    expect(ancestors(graph, ['nope']).size).toBe(0);
  });
});

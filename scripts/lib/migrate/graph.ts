import { basename } from 'node:path';
import { UsageError } from '../cli/errors.js';
import type { MigrationHeader } from './header.js';

export type GraphProblem =
  | { kind: 'duplicate-revision'; revision: string; files: string[] }
  | { kind: 'missing-parent'; revision: string; parent: string; file: string }
  | { kind: 'revision-cycle'; revisions: string[]; files: string[] }
  | { kind: 'revision-mismatch'; revision: string; file: string }
  /** From a file's header problem: CPython or Alembic refuses it, it is past a limit, or its header is computed. */
  | { kind: 'syntax-error' | 'too-large' | 'unverified'; file: string; line: number; column: number; message: string };

export interface RevisionGraph {
  /** One header per revision id (the first file wins when ids repeat). */
  byRevision: Map<string, MigrationHeader>;
  children: Map<string, string[]>;
  heads: string[];
  bases: string[];
  /** Parents before children; revisions caught in a cycle are left out. */
  order: string[];
  /** Revisions with more than one child. */
  branchPoints: string[];
  /** Revisions with more than one parent. */
  merges: string[];
  problems: GraphProblem[];
}

/**
 * A file named after its revision: the id on its own between the ends of the name and separators such as
 * `_` or `-` (`<rev>_<slug>.py`, or a file_template like `2026_03_26_1200-<rev>_<slug>`).
 */
export function fileMatchesRevision(file: string, revision: string): boolean {
  if (revision === '') return false;
  const name = basename(file);
  const stem = name.endsWith('.py') ? name.slice(0, -3) : name;
  for (let at = stem.indexOf(revision); at >= 0; at = stem.indexOf(revision, at + 1)) {
    if (separates(stem.charCodeAt(at - 1)) && separates(stem.charCodeAt(at + revision.length))) return true;
  }
  return false;
}

/** Whether the character code (NaN past either end) is not an ASCII letter or digit. */
function separates(code: number): boolean {
  return !((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122));
}

/** Builds the graph in time linear in the number of revisions. */
export function revisionGraph(headers: MigrationHeader[]): RevisionGraph {
  const problems: GraphProblem[] = [];
  const byRevision = new Map<string, MigrationHeader>();
  const duplicates = new Map<string, string[]>();
  for (const header of headers) {
    if (header.problem) {
      const { line, column, message } = header.problem;
      const kind = header.problem.kind === 'limit' ? 'too-large' : header.problem.kind === 'unverified' ? 'unverified' : 'syntax-error';
      problems.push({ kind, file: header.file, line, column, message });
    }
    if (header.revision === null) continue;
    const seen = byRevision.get(header.revision);
    if (seen) {
      const files = duplicates.get(header.revision) ?? [seen.file];
      files.push(header.file);
      duplicates.set(header.revision, files);
      continue;
    }
    byRevision.set(header.revision, header);
    if (!fileMatchesRevision(header.file, header.revision)) problems.push({ kind: 'revision-mismatch', revision: header.revision, file: header.file });
  }
  for (const [revision, files] of duplicates) problems.push({ kind: 'duplicate-revision', revision, files });

  const children = new Map<string, string[]>();
  const parentCount = new Map<string, number>();
  for (const [revision, header] of byRevision) {
    let known = 0;
    for (const parent of header.downRevisions) {
      if (!byRevision.has(parent)) {
        problems.push({ kind: 'missing-parent', revision, parent, file: header.file });
        continue;
      }
      known += 1;
      const list = children.get(parent);
      if (list) list.push(revision);
      else children.set(parent, [revision]);
    }
    parentCount.set(revision, known);
  }

  const revisions = [...byRevision.keys()];
  const heads = revisions.filter((revision) => !children.has(revision));
  const bases = revisions.filter((revision) => (byRevision.get(revision)?.downRevisions.length ?? 0) === 0);

  const order: string[] = [];
  const waiting = new Map(parentCount);
  const ready = revisions.filter((revision) => waiting.get(revision) === 0);
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    order.push(next);
    for (const child of children.get(next) ?? []) {
      const left = (waiting.get(child) ?? 0) - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (order.length < revisions.length) {
    const placed = new Set(order);
    const stuck = revisions.filter((revision) => !placed.has(revision));
    problems.push({ kind: 'revision-cycle', revisions: stuck, files: stuck.map((revision) => byRevision.get(revision)?.file ?? '') });
  }

  return {
    byRevision,
    children,
    heads,
    bases,
    order,
    branchPoints: revisions.filter((revision) => (children.get(revision)?.length ?? 0) > 1),
    merges: revisions.filter((revision) => (byRevision.get(revision)?.downRevisions.length ?? 0) > 1),
    problems,
  };
}

/** Every ancestor of the given revisions, the revisions included. */
export function ancestors(graph: RevisionGraph, revisions: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = revisions.filter((revision) => graph.byRevision.has(revision));
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const parent of graph.byRevision.get(next)?.downRevisions ?? []) if (!seen.has(parent)) stack.push(parent);
  }
  return seen;
}

/** Revisions between the database's current revisions and the heads, oldest first. */
export function pendingRevisions(graph: RevisionGraph, current: string[]): string[] {
  const applied = ancestors(graph, current);
  return graph.order.filter((revision) => !applied.has(revision));
}

/** The first history problem Alembic itself stops at (a file Python refuses, a parent no file declares, a cycle), in one line. */
function historyBlocker(graph: RevisionGraph): string | undefined {
  for (const problem of graph.problems) {
    if (problem.kind === 'syntax-error') return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
    if (problem.kind === 'missing-parent') return `${problem.file}: revision ${problem.revision} names parent ${problem.parent}, which no file declares`;
    if (problem.kind === 'revision-cycle') return `${problem.files[0] ?? ''}: revisions ${problem.revisions.join(', ')} form a cycle`;
  }
  return undefined;
}

/** Throws, in one line naming the file, when Alembic could not load the history at all (before any database is made for it). */
export function refuseUnloadableHistory(graph: RevisionGraph): void {
  const blocker = historyBlocker(graph);
  if (blocker) throw new UsageError(`${blocker}; Alembic cannot load the history until that is fixed (stk-migrate validate --all lists every problem)`);
}

/** Alembic's `merge` of these heads, its words after `alembic` (`heads` stands for more than five). */
export function mergeWords(heads: readonly string[]): string {
  return `merge -m "merge heads" ${heads.length > 5 ? 'heads' : heads.join(' ')}`;
}

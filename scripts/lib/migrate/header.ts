import { basename } from 'node:path';
import { docstring, firstSyntaxProblem, literal, parsePythonFile, position, type Node, type PythonFile, type PyValue, type SyntaxProblem } from '../parse/python.js';

/** The header of one revision file: what the revision graph needs. */
export interface MigrationHeader {
  /** Path relative to the project root, forward slashes. */
  file: string;
  revision: string | null;
  /** Parents: empty for a base, two or more for a merge. */
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  /** First line of the module docstring, or "" when there is none. */
  message: string;
  /** 1-based line of the `revision = ...` assignment (1 when absent). */
  revisionLine: number;
  /**
   * Why the file cannot be checked as it stands: Python or Alembic refuses it (`syntax`), it is past a
   * limit (`limit`), or a header value is computed when the file runs (`unverified`).
   */
  problem: SyntaxProblem | undefined;
}

const headerNames = ['revision', 'down_revision', 'branch_labels', 'depends_on'] as const;

/** Top-level `name = value` and `name: type = value` assignments of a module (the last one wins, as in Python). */
export function topLevelAssignments(root: Node): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) found.set(left.text, right);
  }
  return found;
}

const plainHeader = 'write the header as plain literals: `revision = "<id>"`, `down_revision = "<parent id>"` (or `None` for the first revision, a tuple for a merge)';

/** Characters Alembic refuses in a revision id (`Revision.verify_rev_id`). */
const illegalRevisionChars = ['@', '-', '+'];

/**
 * Revision ids as Alembic reads `down_revision`, `branch_labels` and `depends_on`: a string, or a tuple or
 * list of them (a one-element tuple wrapping a list is unwrapped, as Alembic does); None and other false
 * values, and a sequence of only Nones, mean none. `refused` when Alembic certainly fails on the value
 * (`down_revision` only: the other two take odd values without complaint), `unverified` for a shape whose
 * outcome only running Alembic would tell.
 */
function revisionList(value: PyValue, node: Node, name: string): string[] | { refused: string } | { unverified: string } {
  const odd = (what: string) => (name === 'down_revision' ? { refused: `\`down_revision\` ${what}, which Alembic fails on` } : { unverified: `\`${name}\`: it ${what}` });
  if (value === null || value === '' || value === false || value === 0) return [];
  if (typeof value === 'string') return [value];
  if (node.type === 'set') return odd('is a set');
  if (!Array.isArray(value)) return odd(`is ${describe(node, value)}`);
  const unwrapped = value.length === 1 && Array.isArray(value[0]);
  const items = unwrapped ? (value[0] as PyValue[]) : value;
  if (items.every((item) => typeof item === 'string')) return [...new Set(items as string[])];
  if (!unwrapped && items.every((item) => item === null)) return [];
  if (unwrapped) return { unverified: `\`${name}\`: it nests one sequence in another` };
  return odd(`mixes revision ids with ${items.some((item) => item === null) ? 'None' : 'other values'}`);
}

function describe(node: Node, value: PyValue): string {
  if (node.type === 'set') return 'a set';
  if (value === null) return 'None';
  if (value === true || value === false) return 'a boolean';
  if (Array.isArray(value)) return node.type === 'list' ? 'a list' : 'a tuple';
  return typeof value === 'number' ? 'a number' : 'this value';
}

function isBytes(node: Node): boolean {
  return node.type === 'string' && (node.firstChild?.text ?? '').toLowerCase().includes('b');
}

/**
 * Reads the header from a module's top-level assignments. Given a parsed file, its problem (CPython's
 * refusal, or a limit) comes along; given a bare tree, the tree is checked here.
 */
export function readMigrationHeader(parsed: PythonFile | Node, file: string): MigrationHeader {
  const { root, problem } = 'walkable' in parsed ? parsed : { root: parsed, problem: firstSyntaxProblem(parsed) };
  const assignments = topLevelAssignments(root);
  const header: MigrationHeader = {
    file,
    revision: null,
    downRevisions: [],
    branchLabels: [],
    dependsOn: [],
    message: (docstring(root) ?? '').trim().split('\n')[0]?.trim() ?? '',
    revisionLine: 1,
    problem,
  };
  const refuse = (node: Node, message: string) => (header.problem ??= { ...position(node), message, kind: 'syntax', help: plainHeader });
  const unverified = (node: Node, name: string) =>
    (header.problem ??= { ...position(node), message: `cannot verify \`${name}\`: it is computed when the file runs, not written as a literal`, kind: 'unverified' });
  for (const name of headerNames) {
    const node = assignments.get(name);
    if (!node) continue;
    const value = literal(node);
    if (name === 'revision') header.revisionLine = position(node).line;
    if (value === undefined) {
      unverified(node, name);
      continue;
    }
    if (name === 'revision') {
      if (typeof value !== 'string' || isBytes(node)) refuse(node, `\`revision\` must be a string (Alembic fails on ${isBytes(node) ? 'bytes' : describe(node, value)})`);
      else if (illegalRevisionChars.some((char) => value.includes(char))) refuse(node, `Alembic refuses the characters ${illegalRevisionChars.join(' ')} in a revision id, and \`${value}\` has one`);
      else header.revision = value;
      continue;
    }
    const list = revisionList(value, node, name);
    if ('refused' in list) {
      refuse(node, list.refused);
      continue;
    }
    if ('unverified' in list) {
      header.problem ??= { ...position(node), message: `cannot verify ${list.unverified}`, kind: 'unverified' };
      continue;
    }
    if (name === 'down_revision') header.downRevisions = list;
    else if (name === 'branch_labels') header.branchLabels = list;
    else header.dependsOn = list;
  }
  if (header.revision === null && !assignments.has('revision')) {
    header.problem ??= { line: 1, column: 1, message: `no \`revision = "..."\` assignment in ${basename(file)}`, kind: 'syntax', help: plainHeader };
  }
  return header;
}

export async function parseMigrationHeader(source: Uint8Array | string, file: string): Promise<MigrationHeader> {
  const parsed = await parsePythonFile(source);
  try {
    return readMigrationHeader(parsed, file);
  } finally {
    parsed.delete();
  }
}

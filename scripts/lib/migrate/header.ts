import { basename } from 'node:path';
import { docstring, firstSyntaxProblem, literal, parsePython, position, type Node, type PyValue, type SyntaxProblem } from '../parse/python.js';

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
  /** Set when the file does not parse cleanly or the header is unreadable. */
  problem: SyntaxProblem | undefined;
}

const headerNames = new Set(['revision', 'down_revision', 'branch_labels', 'depends_on']);

/** Top-level `name = value` and `name: type = value` assignments of a module. */
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

function names(value: PyValue | undefined): string[] | undefined {
  if (value === null || value === undefined) return value === null ? [] : undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

export function readMigrationHeader(root: Node, file: string): MigrationHeader {
  const assignments = topLevelAssignments(root);
  const header: MigrationHeader = {
    file,
    revision: null,
    downRevisions: [],
    branchLabels: [],
    dependsOn: [],
    message: (docstring(root) ?? '').trim().split('\n')[0]?.trim() ?? '',
    revisionLine: 1,
    problem: firstSyntaxProblem(root),
  };
  for (const name of headerNames) {
    const node = assignments.get(name);
    if (!node) continue;
    const value = literal(node);
    if (name === 'revision') {
      header.revisionLine = position(node).line;
      if (typeof value === 'string') header.revision = value;
      else header.problem ??= { ...position(node), message: '`revision` is not a string literal' };
      continue;
    }
    const list = names(value);
    if (!list) {
      header.problem ??= { ...position(node), message: `\`${name}\` is not a string, a tuple of strings or None` };
      continue;
    }
    if (name === 'down_revision') header.downRevisions = list;
    else if (name === 'branch_labels') header.branchLabels = list;
    else header.dependsOn = list;
  }
  if (header.revision === null && !header.problem) {
    header.problem = { line: 1, column: 1, message: `no \`revision = "..."\` assignment in ${basename(file)}` };
  }
  return header;
}

export async function parseMigrationHeader(source: string, file: string): Promise<MigrationHeader> {
  const tree = await parsePython(source);
  try {
    return readMigrationHeader(tree.rootNode, file);
  } finally {
    tree.delete();
  }
}

import { docstringSource, parsePython } from '../../parse/python.js';

/**
 * Whether the revision's `upgrade()` does nothing: its body is only `pass` (Alembic's marker comments
 * aside), which is what autogenerate writes when the models match the database.
 */
export async function upgradeIsOnlyPass(source: string): Promise<boolean> {
  const tree = await parsePython(source);
  try {
    const upgrade = tree.rootNode.namedChildren.find(
      (statement) => statement?.type === 'function_definition' && statement.childForFieldName('name')?.text === 'upgrade',
    );
    const body = upgrade?.childForFieldName('body')?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
    return body.length === 1 && body[0]?.type === 'pass_statement';
  } finally {
    tree.delete();
  }
}

/** The first line of the module docstring as the file holds it (the message `revision -m` wrote), or undefined. */
export async function writtenMessage(source: string): Promise<string | undefined> {
  const tree = await parsePython(source);
  try {
    return docstringSource(tree.rootNode)?.trim().split('\n')[0]?.trim();
  } finally {
    tree.delete();
  }
}

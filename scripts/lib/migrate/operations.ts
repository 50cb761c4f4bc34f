import { limits, tooLarge } from '../parse/limits.js';
import { position, type Node, type PythonFile } from '../parse/python.js';
import type { SyntaxProblem } from '../parse/source.js';
import type { MigrationHeader } from './header.js';
import { readOperations } from './ops/read.js';
import type { FunctionOps, MigrationOps } from './ops/types.js';

function unread(name: FunctionOps['name']): FunctionOps {
  return { name, defined: false, line: 1, column: 1, empty: true, ops: [] };
}

/** `def <name>(...)` at the top of the module, decorated or not. */
function topLevelFunction(root: Node, name: string): Node | undefined {
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === name) return definition;
  }
  return undefined;
}

/** The first function with more statements than the operation limit (counted in the tree, before anything is read). */
function overLimit(root: Node): { name: string; count: number; at: { line: number; column: number } } | undefined {
  for (const name of ['upgrade', 'downgrade']) {
    const definition = topLevelFunction(root, name);
    const count = definition?.childForFieldName('body')?.descendantsOfType('expression_statement').length ?? 0;
    if (definition && count > limits.operations) return { name, count, at: position(definition) };
  }
  return undefined;
}

/**
 * The operations of a parsed migration, unless it cannot be read that far: past a limit (the file, its
 * nesting, or more statements in `upgrade()` or `downgrade()` than the operation limit, which then
 * becomes the header's problem) nothing is read.
 */
export function readMigrationOperations(source: PythonFile, header: MigrationHeader): MigrationOps & { header: MigrationHeader } {
  if (!source.walkable || header.problem?.kind === 'limit') return { header, upgrade: unread('upgrade'), downgrade: unread('downgrade') };
  const problem = operationLimitProblem(source.root);
  if (problem) return { header: { ...header, problem: header.problem ?? problem }, upgrade: unread('upgrade'), downgrade: unread('downgrade') };
  return { header, ...readOperations(source.root) };
}

/** The problem of a file whose `upgrade()` or `downgrade()` holds more statements than the operation limit (what `readMigrationOperations` adds to its header). */
export function operationLimitProblem(root: Node): SyntaxProblem | undefined {
  const over = overLimit(root);
  return over ? tooLarge(`${over.count} statements in ${over.name}(), past the limit of ${limits.operations} operations`, over.at) : undefined;
}

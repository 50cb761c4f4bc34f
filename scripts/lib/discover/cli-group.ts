import { callParts, lastName, literal, parsePython, type Node } from '../parse/python.js';

/** What one module says about the project's command line. */
export interface CliFacts {
  /** It declares a click group called `db`: `@x.group("db")`, `@x.group()` on `def db`, or `AppGroup("db")`. */
  dbGroup: boolean;
  /** The web framework it imports, when it imports one. */
  framework: 'quart' | 'flask' | null;
  /** It imports Flask-Migrate, whose `Migrate(app, db)` adds the `flask db` group. */
  flaskMigrate: boolean;
}

function importedModules(root: Node): string[] {
  return root.descendantsOfType(['import_statement', 'import_from_statement']).flatMap((statement) => {
    if (!statement) return [];
    if (statement.type === 'import_from_statement') return [statement.childForFieldName('module_name')?.text ?? ''];
    return statement.childrenForFieldName('name').map((item) => (item?.type === 'aliased_import' ? (item.childForFieldName('name')?.text ?? '') : (item?.text ?? '')));
  });
}

function declaresDbGroup(root: Node): boolean {
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const { callee, positional, keywords } = callParts(call);
    const name = lastName(callee);
    if (name !== 'group' && name !== 'AppGroup' && name !== 'Group') continue;
    const given = literal(keywords.get('name') ?? positional[0]);
    if (given === 'db') return true;
    const decorated = call.parent?.type === 'decorator' ? call.parent.parent?.childForFieldName('definition') : undefined;
    if (given === undefined && decorated?.childForFieldName('name')?.text === 'db') return true;
  }
  return false;
}

export async function readCliFacts(source: string): Promise<CliFacts> {
  const tree = await parsePython(source);
  try {
    const modules = importedModules(tree.rootNode).map((module) => module.split('.')[0]);
    return {
      dbGroup: declaresDbGroup(tree.rootNode),
      framework: modules.includes('quart') ? 'quart' : modules.includes('flask') ? 'flask' : null,
      flaskMigrate: modules.includes('flask_migrate'),
    };
  } finally {
    tree.delete();
  }
}

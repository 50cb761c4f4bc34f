import { callParts, dottedName, lastName, literal, parsePython, type Node } from '../parse/python.js';

/** What env.py shows without running it (the facts of `EnvFacts`, plus the modules it imports). */
export interface EnvPyFacts {
  needsFlaskApp: boolean;
  urlFromApp: boolean;
  /** Top-level names of the modules it imports. */
  imports: string[];
  /** Whose MetaData `target_metadata` is (`Base` for `Base.metadata`, both for a list); null when it is not written that way. */
  metadataOwners: string[] | null;
}

/** `target_metadata = Base.metadata` or `[CoreBase.metadata, AuditBase.metadata]` at the top of env.py. */
function metadataOwners(root: Node): string[] | null {
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== 'target_metadata') continue;
    const right = assignment.childForFieldName('right');
    const items = right?.type === 'list' || right?.type === 'tuple' ? right.namedChildren : [right];
    const owners = items.map((item) => dottedName(item)).map((name) => (name?.endsWith('.metadata') ? name.slice(0, -'.metadata'.length) : undefined));
    return owners.length > 0 && owners.every((owner): owner is string => !!owner) ? owners : null;
  }
  return null;
}

const engineBuilders = new Set(['create_engine', 'create_async_engine']);
const environmentReads = new Set(['os.environ', 'environ', 'os.getenv', 'getenv']);

/**
 * Reads env.py with tree-sitter. The URL comes from the app when env.py reads Flask's `current_app`, builds its
 * own engine, sets `sqlalchemy.url` itself, reads the environment, or names a database URL setting
 * (`SQLALCHEMY_DATABASE_URI`, `DATABASE_URL`, a `database_url()` helper); Alembic's own templates only
 * read `sqlalchemy.url` from alembic.ini.
 */
export async function readEnvPy(source: string): Promise<EnvPyFacts> {
  const tree = await parsePython(source);
  try {
    const root = tree.rootNode;
    const imports: string[] = [];
    let needsFlaskApp = false;
    for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
      if (!statement) continue;
      if (statement.type === 'import_from_statement') {
        const module = statement.childForFieldName('module_name')?.text ?? '';
        imports.push(module.split('.')[0] ?? module);
        const names = statement.childrenForFieldName('name').map((item) => (item?.type === 'aliased_import' ? item.childForFieldName('name')?.text : item?.text));
        if (module.split('.')[0] === 'flask' && names.includes('current_app')) needsFlaskApp = true;
      } else {
        for (const item of statement.childrenForFieldName('name')) {
          const module = item?.type === 'aliased_import' ? item.childForFieldName('name')?.text : item?.text;
          if (module) imports.push(module.split('.')[0] ?? module);
        }
      }
    }
    if (root.descendantsOfType('attribute').some((node) => node && dottedName(node) === 'flask.current_app')) needsFlaskApp = true;
    let urlFromApp = needsFlaskApp;
    for (const call of root.descendantsOfType('call')) {
      if (!call || urlFromApp) continue;
      const { callee, positional } = callParts(call);
      const name = lastName(callee) ?? '';
      if (engineBuilders.has(name) || (callee && environmentReads.has(callee))) urlFromApp = true;
      else if (name === 'set_main_option' && literal(positional[0]) === 'sqlalchemy.url') urlFromApp = true;
    }
    for (const node of root.descendantsOfType(['identifier', 'attribute'])) {
      if (!node || urlFromApp) continue;
      const text = node.type === 'identifier' ? node.text : (dottedName(node) ?? '');
      if (environmentReads.has(text) || /database_ur[il]/i.test(text)) urlFromApp = true;
    }
    return { needsFlaskApp, urlFromApp, imports: [...new Set(imports)], metadataOwners: metadataOwners(root) };
  } finally {
    tree.delete();
  }
}

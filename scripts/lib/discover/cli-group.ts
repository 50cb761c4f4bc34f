import { callParts, lastName, literal, parsePython } from '../parse/python.js';

/** Whether a module declares a click group called `db`: `@x.group("db")`, `@x.group()` on `def db`, or `AppGroup("db")`. */
export async function declaresDbGroup(source: string): Promise<boolean> {
  const tree = await parsePython(source);
  try {
    for (const call of tree.rootNode.descendantsOfType('call')) {
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
  } finally {
    tree.delete();
  }
}

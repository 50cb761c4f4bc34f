import { callParts, type Node } from '../../../parse/python.js';
import { calls } from '../../python/module.js';
import { at, pythonRule } from '../types.js';

/** The `select(...)` or `.query(...)` call a method chain starts from, if it does: `select(Thing).where(...).filter(...)`. */
function queryRoot(receiver: Node | null): Node | undefined {
  for (let node = receiver; node; ) {
    if (node.type !== 'call') return undefined;
    const fn = node.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (name === 'select' || name === 'query') return node;
    node = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  }
  return undefined;
}

export const legacyFilter = pythonRule({
  id: 'legacy-filter',
  group: 'database',
  defaultSeverity: 'info',
  docs: {
    what: 'Notes `.filter(...)` and `.filter_by(...)` on a `select()` (or a legacy `session.query(...)`), where stk writes `.where(...)`.',
    why: '`Select.filter` is a synonym kept for the 1.x Query API; stk code reads `select(Thing).where(...)` throughout, and `filter_by` hides which model a column belongs to once a query joins. Not a bug, hence a note.',
    example: 'select(Thing).filter(Thing.active == True).filter_by(owner_id=user.id)',
    fix: 'select(Thing).where(Thing.active == True, Thing.owner_id == user.id)',
  },
  check({ module }) {
    return calls(module).flatMap(({ call }) => {
      const fn = call.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (method !== 'filter' && method !== 'filter_by') return [];
      const root = queryRoot(fn!.childForFieldName('object'));
      if (!root) return [];
      const entity = callParts(root).positional[0]?.text ?? 'Thing';
      const { keywords, positional } = callParts(call);
      const conditions = method === 'filter_by' ? [...keywords].map(([name, value]) => `${entity}.${name} == ${value.text}`) : positional.map((node) => node.text);
      const where = `.where(${conditions.join(', ')})`;
      return [
        {
          ...at(fn!.childForFieldName('attribute')!),
          message: `\`.${method}(...)\` is the legacy Query spelling; stk's queries use \`.where(...)\`.`,
          help: where.includes('\n') || where.length > 100 ? `write \`.where(...)\` with ${method === 'filter_by' ? `\`${entity}.<column> == <value>\` conditions` : 'the same conditions'}` : `write \`${where}\``,
          severity: 'info' as const,
        },
      ];
    });
  },
});

import { callParts, lastName, literal } from '../../../parse/python.js';
import { calls } from '../../python/module.js';
import { at, pythonRule, shortCode } from '../types.js';

/** Loader strategies that never emit SQL on attribute access, so they work under AsyncSession. */
const asyncSafe = new Set(['selectin', 'joined', 'subquery', 'raise', 'raise_on_sql', 'noload', 'immediate', 'write_only']);

export const lazyDynamic = pythonRule({
  id: 'lazy-dynamic',
  group: 'models',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports `relationship(..., lazy="dynamic")` (and `backref(..., lazy="dynamic")`) as an error, and a relationship without an async-safe loader (no `lazy=`, or `lazy="select"`) as a warning.',
    why: 'Under `AsyncSession` an attribute access cannot run SQL. A `"dynamic"` relationship is not supported with asyncio at all, and a default lazy (`"select"`) relationship raises `MissingGreenlet` the first time a handler touches it, often only in production data where the collection is not already loaded.',
    example: 'tags = relationship("Tag", secondary=thing_tags, lazy="dynamic")\nowner = relationship("User")',
    fix: 'tags = relationship("Tag", secondary=thing_tags, lazy="selectin")\nowner = relationship("User", lazy="selectin")',
  },
  check({ module }) {
    return calls(module).flatMap(({ call, callee }) => {
      const name = lastName(callee);
      if (name !== 'relationship' && name !== 'backref') return [];
      const { keywords } = callParts(call);
      const lazyNode = keywords.get('lazy');
      const lazy = lazyNode ? literal(lazyNode) : undefined;
      if (lazy === 'dynamic') {
        return [
          {
            ...at(lazyNode!),
            message: `\`lazy="dynamic"\` does not work with AsyncSession: touching this relationship raises at run time.`,
            help: 'write `lazy="selectin"` (or `lazy="write_only"` for a large collection you query with `select()`)',
          },
        ];
      }
      if (name !== 'relationship' || (lazyNode && (lazy === undefined || asyncSafe.has(String(lazy))))) return [];
      const args = call.childForFieldName('arguments')!;
      const inside = args.text.slice(1, -1).trim();
      const fixed = lazyNode ? call.text.replace(lazyNode.text, '"selectin"') : `${call.text.slice(0, args.startIndex - call.startIndex)}(${inside}${inside ? ', ' : ''}lazy="selectin")`;
      return [
        {
          ...at(call),
          severity: 'warning' as const,
          message: `\`${shortCode(call)}\` loads lazily on first access, which raises MissingGreenlet under AsyncSession when a handler touches it.`,
          help: fixed.includes('\n') ? 'add `lazy="selectin"` to the relationship' : `write \`${fixed}\``,
        },
      ];
    });
  },
});

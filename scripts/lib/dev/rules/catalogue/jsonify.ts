import { lastName } from '../../../parse/python.js';
import { calls } from '../../python/module.js';
import { at, pythonRule, shortCode } from '../types.js';

export const jsonify = pythonRule({
  id: 'jsonify',
  group: 'quart',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports calls of `jsonify(...)` (Flask\'s or Quart\'s).',
    why: 'stk answers JSON one way: a dict returned from the handler (Quart serialises it), or, for lists and rows, `orjson` in a `Response` with `content_type="application/json"`, which also handles dates and is fast on large lists. `jsonify` goes through the standard library encoder instead and mixes a second style into the API.',
    example: 'return jsonify({"message": "saved"})',
    fix: 'return {"message": "saved"}',
  },
  check({ module }) {
    return calls(module).flatMap(({ call, callee }) => {
      if (lastName(callee) !== 'jsonify' || !(callee === 'jsonify' || callee?.startsWith('quart.') || callee?.startsWith('flask.'))) return [];
      const args = call.childForFieldName('arguments')?.namedChildren.filter((node) => node && node.type !== 'comment') ?? [];
      const keywords = args.filter((node) => node?.type === 'keyword_argument');
      let instead: string;
      if (args.length === 1 && args[0]!.type === 'dictionary') instead = args[0]!.text;
      else if (keywords.length === args.length && keywords.length > 0) {
        instead = `{${keywords.map((node) => `"${node!.childForFieldName('name')!.text}": ${node!.childForFieldName('value')!.text}`).join(', ')}}`;
      } else if (args.length === 1) instead = `Response(orjson.dumps(${args[0]!.text}), content_type="application/json")`;
      else instead = 'a dict, or `Response(orjson.dumps(value), content_type="application/json")`';
      return [
        {
          ...at(call),
          message: `\`${shortCode(call)}\` is not how stk returns JSON: a handler returns a dict, or an orjson Response for lists and rows.`,
          help: instead.startsWith('a dict') ? `return ${instead}` : `replace it with \`${instead}\`${instead.startsWith('Response(') ? ' (`import orjson`, `from quart import Response`)' : ''}`,
        },
      ];
    });
  },
});

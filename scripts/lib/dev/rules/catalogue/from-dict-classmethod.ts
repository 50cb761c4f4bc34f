import { dottedName } from '../../../parse/python.js';
import { decoratorExpression, decorators, isAsyncFunction } from '../../python/module.js';
import { at, pythonRule, type Report } from '../types.js';

export const fromDictClassmethod = pythonRule({
  id: 'from-dict-classmethod',
  group: 'models',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a model\'s `from_dict` that is a `@classmethod` or `@staticmethod`, or that is not `async def`.',
    why: 'stk\'s handlers call `await thing.from_dict(data)` on an instance: create builds `Thing()` first and adds it to the session, update fetches the row and keeps `old = thing.to_dict()` for the activity log. A classmethod builds a second, detached object (the update is lost), and a plain `def` cannot be awaited (TypeError) nor await anything itself, such as loading related rows.',
    example: '@classmethod\ndef from_dict(cls, data):\n    return cls(name=data.get("name"))',
    fix: 'async def from_dict(self, data):\n    self.name = data.get("name", self.name)\n    return self',
  },
  check({ module, symbols }) {
    const models = symbols.get(module.name)?.classes ?? {};
    const reports: Report[] = [];
    for (const [name, definition] of module.classes) {
      if (!models[name]?.model) continue;
      for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
        const fn = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
        if (fn?.type !== 'function_definition' || fn.childForFieldName('name')?.text !== 'from_dict') continue;
        const binding = decorators(fn)
          .map((decorator) => dottedName(decoratorExpression(decorator)))
          .find((decorator) => decorator === 'classmethod' || decorator === 'staticmethod');
        if (!binding && isAsyncFunction(fn)) continue;
        reports.push({
          ...at(member!),
          message: binding
            ? `\`${name}.from_dict\` is a @${binding}: stk calls \`await thing.from_dict(data)\` on an existing instance, so a new object is built and the update is lost.`
            : `\`${name}.from_dict\` is a plain \`def\`: stk awaits it (\`await thing.from_dict(data)\`), which raises TypeError on the value it returns.`,
          help: 'write `async def from_dict(self, data):` that sets the fields on self and ends with `return self`',
        });
      }
    }
    return reports;
  },
});

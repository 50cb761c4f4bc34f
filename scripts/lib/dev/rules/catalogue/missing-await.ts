import { lastName, type Node } from '../../../parse/python.js';
import { calls, enclosingFunction, inAsyncFunction, isAwaitedOrScheduled, isAwaitedThroughName, nodesOfType, qualify, type PythonModule } from '../../python/module.js';
import { sessionMatcher } from '../../python/session.js';
import { lookup, type ProjectSymbols } from '../../python/symbols.js';
import { at, pythonRule, shortCode, type Report } from '../types.js';

/** AsyncSession methods that return a coroutine. */
const sessionMethods = new Set(['execute', 'get', 'get_one', 'scalar', 'scalars', 'commit', 'flush', 'rollback', 'delete', 'refresh', 'merge', 'stream', 'stream_scalars', 'close', 'run_sync']);
/** Quart request attributes and methods that must be awaited. */
const requestAttributes = new Set(['json', 'form', 'files', 'data', 'values', 'body']);
const requestMethods = new Set(['get_json', 'get_data']);
/** Method names too common on other objects (dicts, lists, strings) to judge by name alone. */
const ambiguousMethods = new Set(['get', 'set', 'update', 'pop', 'items', 'keys', 'values', 'append', 'add', 'remove', 'delete', 'clear', 'copy', 'count', 'index', 'insert', 'extend', 'sort', 'split', 'join', 'format', 'strip', 'lower', 'upper', 'replace', 'encode', 'decode', 'read', 'write', 'close', 'open', 'send', 'run', 'start', 'stop', 'save', 'load', 'execute', 'commit', 'flush', 'rollback', 'refresh', 'register']);

function isRequest(module: PythonModule, node: Node | null): boolean {
  const name = qualify(module, node);
  return name === 'quart.request' || name === 'flask.request';
}

/** Async methods of the classes this file defines or imports from the project (its own summary is among the symbols), minus names some class has as a plain method. */
function asyncMethodNames(symbols: ProjectSymbols): Set<string> {
  const asyncNames = new Set<string>();
  const syncNames = new Set<string>();
  for (const summary of symbols.values()) {
    for (const cls of Object.values(summary.classes)) for (const [name, isAsync] of Object.entries(cls.methods)) (isAsync ? asyncNames : syncNames).add(name);
  }
  for (const name of syncNames) asyncNames.delete(name);
  for (const name of ambiguousMethods) asyncNames.delete(name);
  return asyncNames;
}

/** What an un-awaited call is, when it returns a coroutine: a label for the message. */
function coroutineCall(module: PythonModule, symbols: ProjectSymbols, call: Node, isSession: (node: Node) => boolean, projectMethods: Set<string>): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const callee = qualify(module, fn);
  if (fn.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const receiver = fn.childForFieldName('object')!;
    if (sessionMethods.has(method) && isSession(receiver)) return `the session's ${method}()`;
    if (requestMethods.has(method) && isRequest(module, receiver)) return `request.${method}()`;
    if (callee?.endsWith('Activity.register')) return 'Activity.register()';
  }
  if (callee === 'quart.render_template' || callee === 'quart.render_template_string') return `${lastName(callee)}()`;
  // the project's own coroutines are judged inside async code only, where an await is possible
  if (!inAsyncFunction(module, call)) return undefined;
  if (fn.type === 'identifier' && !module.imports.has(fn.text)) return module.functions.get(fn.text) === true ? `${fn.text}(), an async def of this file,` : undefined;
  const found = callee ? lookup(symbols, callee) : undefined;
  if (found?.function === true) return `${callee}(), an async def,`;
  if (fn.type === 'attribute') {
    const receiver = fn.childForFieldName('object')!;
    const method = fn.childForFieldName('attribute')!.text;
    const owner = qualify(module, receiver);
    const ownerClass = owner ? lookup(symbols, owner)?.class : undefined;
    if (ownerClass) return ownerClass.methods[method] === true ? `${shortCode(fn)}(), an async method,` : undefined;
    if (receiver.type === 'identifier' && module.imports.has(receiver.text)) return undefined;
    if (projectMethods.has(method)) return `.${method}(), an async method of the project,`;
  }
  return undefined;
}

export const missingAwait = pythonRule({
  id: 'missing-await',
  group: 'async',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports async APIs used without `await`: the session\'s `execute`, `get`, `scalar(s)`, `commit`, `flush`, `rollback`, `delete`, `refresh`; Quart\'s `request.json`, `request.form`, `request.files`, `request.get_json()`; `render_template`; `Activity.register`; and, inside `async def`, the project\'s own `async def` functions and methods. A call handed to `asyncio.gather`, `create_task` and the like counts as awaited, and so does one assigned to a name that the same function awaits later (`pending = g.db_session.commit()`, then `await pending`).',
    why: 'Without `await` the call only creates a coroutine: the query never runs, the commit never happens, `request.json` is a coroutine object rather than the body, and Python merely warns "coroutine was never awaited" at some later point. The code imports and often even answers 200.',
    example: 'async def delete_thing(id):\n    thing = g.db_session.get(Thing, id)\n    g.db_session.delete(thing)\n    g.db_session.commit()',
    fix: 'async def delete_thing(id):\n    thing = await g.db_session.get(Thing, id)\n    await g.db_session.delete(thing)\n    await g.db_session.commit()',
  },
  check({ module, symbols }) {
    const isSession = sessionMatcher(module);
    const projectMethods = asyncMethodNames(symbols);
    const reports: Report[] = [];
    const report = (node: Node, what: string, request = false) => {
      const sync = !inAsyncFunction(module, node) && enclosingFunction(module, node)?.type === 'function_definition';
      reports.push({
        ...at(node),
        message: request
          ? `${what} is not awaited: in Quart it is a coroutine, so \`${shortCode(node)}\` gives a coroutine object here, not the request's data.`
          : `${what} is not awaited: \`${shortCode(node)}\` only creates a coroutine, so it never runs here.`,
        help: `write \`await ${shortCode(node)}\`${sync ? ' and make the function `async def`' : ''}`,
      });
    };
    for (const { call } of calls(module)) {
      if (isAwaitedOrScheduled(call)) continue;
      const what = coroutineCall(module, symbols, call, isSession, projectMethods);
      if (what && !isAwaitedThroughName(module, call)) report(call, what, what.startsWith('request.'));
    }
    for (const attribute of nodesOfType(module, 'attribute')) {
      if (!requestAttributes.has(attribute.childForFieldName('attribute')?.text ?? '')) continue;
      if (!isRequest(module, attribute.childForFieldName('object')) || isAwaitedOrScheduled(attribute) || isAwaitedThroughName(module, attribute)) continue;
      report(attribute, `request.${attribute.childForFieldName('attribute')!.text}`, true);
    }
    return reports.sort((a, b) => a.line - b.line || a.column - b.column);
  },
});

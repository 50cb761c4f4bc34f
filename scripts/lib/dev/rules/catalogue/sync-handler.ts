import { lastName, dottedName, type Node } from '../../../parse/python.js';
import { decoratorExpression, decorators, enclosingFunction, type PythonModule } from '../../python/module.js';
import { at, pythonRule } from '../types.js';

/** Decorators of a Quart app or blueprint that register a request, error, websocket or serving handler, and what the handler is called in a message. */
const handlerKinds: Record<string, string> = {
  route: 'a route handler',
  get: 'a route handler',
  post: 'a route handler',
  put: 'a route handler',
  patch: 'a route handler',
  delete: 'a route handler',
  websocket: 'a websocket handler',
  before_request: 'a `before_request` handler',
  before_app_request: 'a `before_request` handler',
  before_websocket: 'a `before_websocket` handler',
  after_request: 'an `after_request` handler',
  after_app_request: 'an `after_request` handler',
  errorhandler: 'an error handler',
  app_errorhandler: 'an error handler',
  before_serving: 'a `before_serving` handler',
  after_serving: 'an `after_serving` handler',
};

function isParameterOf(fn: Node, name: string): Node | undefined {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).find((parameter) => {
    const id = parameter?.type === 'identifier' ? parameter : parameter?.namedChildren.find((child) => child?.type === 'identifier');
    return id?.text === name;
  }) ?? undefined;
}

/** Whether `name`, seen at `node`, is a Quart app or blueprint: assigned one in the file, or a parameter called `app` (or typed Quart/Blueprint). */
function isAppObject(module: PythonModule, node: Node, name: string): boolean {
  if (module.appObjects.has(name)) return true;
  for (let fn = enclosingFunction(module, node); fn; fn = enclosingFunction(module, fn)) {
    const parameter = fn.type === 'function_definition' ? isParameterOf(fn, name) : undefined;
    if (!parameter) continue;
    const type = lastName(dottedName(parameter.childForFieldName('type')?.namedChildren[0]));
    return name === 'app' || type === 'Quart' || type === 'Blueprint';
  }
  return false;
}

/** The handler kind and the app object of a decorator like `@bp.route("/")` or `@app.before_request`, if it is one. */
function handlerOf(module: PythonModule, decorator: Node): { kind: string; owner: string } | undefined {
  const expression = decoratorExpression(decorator);
  const target = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
  if (target?.type !== 'attribute') return undefined;
  const owner = target.childForFieldName('object');
  const kind = handlerKinds[target.childForFieldName('attribute')?.text ?? ''];
  if (!kind || owner?.type !== 'identifier' || !isAppObject(module, decorator, owner.text)) return undefined;
  return { kind, owner: owner.text };
}

export const syncHandler = pythonRule({
  id: 'sync-handler',
  group: 'quart',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a route, `before_request`, `errorhandler`, websocket or serving handler of a Quart app or blueprint that is a plain `def` rather than `async def`. Blueprints are found by what they are assigned (`Blueprint(...)`), whatever the variable is called.',
    why: 'Quart runs a plain `def` handler in a worker thread. There it cannot await `g.db_session`, `request.json` or `render_template`, so the code either forgets the `await` (and gets coroutine objects) or blocks a thread per request.',
    example: '@bp.route("/api/things")\ndef list_things():\n    return {"items": []}',
    fix: '@bp.route("/api/things")\nasync def list_things():\n    return {"items": []}',
  },
  check({ module }) {
    return module.scopes.flatMap(({ node: fn, async }) => {
      if (async || fn.type !== 'function_definition') return [];
      const handler = decorators(fn).map((decorator) => handlerOf(module, decorator)).find((found) => found !== undefined);
      if (!handler) return [];
      const name = fn.childForFieldName('name')?.text ?? 'handler';
      const parameters = fn.childForFieldName('parameters')?.text ?? '()';
      return [
        {
          ...at(fn),
          message: `\`${name}\` is ${handler.kind} of \`${handler.owner}\` but a plain \`def\`: Quart runs it in a thread, where the session and the request body cannot be awaited.`,
          help: `declare it \`async def ${name}${parameters}:\` and await the session and request calls inside`,
        },
      ];
    });
  },
});

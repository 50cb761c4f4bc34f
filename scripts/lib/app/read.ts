import { callParts, dottedName, firstSyntaxProblem, lastName, literal, parseForRules, position, type Node, type SyntaxProblem } from '../parse/python.js';
import { decoratorExpression, decoratorsOf, enclosingFunction, isAsync, moduleName, parameters, qualify, readImports } from './module.js';

/** What a decorator's or a call's object stands for, as far as one file tells. */
export type OwnerRef =
  /** A `Blueprint(...)` or `Quart(...)` assigned in this file. */
  | { kind: 'local'; variable: string }
  /** An imported name, fully qualified: resolved across files later. */
  | { kind: 'import'; qualified: string }
  /** A function parameter called `app` (or annotated `Quart`): the application, as in `register_blueprints(app)`. */
  | { kind: 'app-parameter' };

/** `bp_user = Blueprint("users", __name__, url_prefix="/x")`, or `app = Quart(__name__)`. */
export interface AppObjectDef {
  variable: string;
  kind: 'blueprint' | 'app';
  /** The blueprint's name (its first argument), null when it is not a literal or for the app. */
  name: string | null;
  /** `url_prefix=` as written, null when absent. */
  urlPrefix: string | null;
  line: number;
  column: number;
}

/** An auth decorator on a handler: `@auth_required("session")`, `@roles_required("admin")`. */
export interface AuthDecorator {
  /** Its name without module: `auth_required`. */
  name: string;
  /** Its source text without the `@`. */
  text: string;
  line: number;
}

/** What a decorator of a Quart app or blueprint registers the function as. */
export type HandlerKind = 'route' | 'websocket' | 'before_request' | 'before_app_request' | 'after_request' | 'teardown_request' | 'errorhandler' | 'before_serving' | 'after_serving';

/** One handler registered on an app object: a route (rule, methods) or a request hook. */
export interface HandlerDef {
  owner: OwnerRef;
  kind: HandlerKind;
  /** The rule as written (`/api/users`), or null when it is not a string literal. */
  rule: string | null;
  /** Upper case; a route without `methods=` answers GET. */
  methods: string[];
  endpoint: string | null;
  function: string;
  /** Where the handler is registered: the decorator (or the `add_url_rule` call). */
  line: number;
  column: number;
  /** The `def` line. */
  functionLine: number;
  async: boolean;
  auth: AuthDecorator[];
  /** Identifiers used in the body (to tell which models a handler works on). */
  names: string[];
}

/** `app.register_blueprint(bp_user, url_prefix="/x")`. */
export interface RegistrationDef {
  receiver: OwnerRef;
  /** The blueprint(s) registered: several for `for bp in (a, b): app.register_blueprint(bp)`. */
  targets: OwnerRef[];
  /** `url_prefix=` as written; undefined when the call does not give one. */
  urlPrefix?: string | null;
  line: number;
  column: number;
  /** The function the call is in (`register_blueprints`), null at module level. */
  function: string | null;
}

/** One Python file of the app, as far as the application model needs it. Plain data: it is cached per file version. */
export interface AppFile {
  file: string;
  module: string;
  imports: Record<string, string>;
  objects: AppObjectDef[];
  handlers: HandlerDef[];
  registrations: RegistrationDef[];
  problem: SyntaxProblem | undefined;
}

/** Names of auth decorators: stk's `quart_security` (Flask-Security's API) and the usual Flask/Quart login helpers. */
export const authDecoratorNames: ReadonlySet<string> = new Set([
  'auth_required',
  'login_required',
  'roles_required',
  'roles_accepted',
  'permissions_required',
  'permissions_accepted',
  'http_auth_required',
  'auth_token_required',
  'token_required',
  'admin_required',
  'fresh_login_required',
]);

const routeMethods: Record<string, string[] | undefined> = { get: ['GET'], post: ['POST'], put: ['PUT'], patch: ['PATCH'], delete: ['DELETE'] };
const hookKinds: Record<string, HandlerKind | undefined> = {
  before_request: 'before_request',
  before_app_request: 'before_app_request',
  after_request: 'after_request',
  after_app_request: 'after_request',
  teardown_request: 'teardown_request',
  errorhandler: 'errorhandler',
  app_errorhandler: 'errorhandler',
  before_serving: 'before_serving',
  after_serving: 'after_serving',
};

function stringValue(node: Node | undefined): string | null {
  const value = literal(node);
  return typeof value === 'string' ? value : null;
}

/** `methods=["GET", "POST"]`, upper-cased; the default GET when absent or not a literal list. */
function readMethods(node: Node | undefined): string[] {
  const value = literal(node);
  if (!Array.isArray(value)) return ['GET'];
  const methods = value.filter((item): item is string => typeof item === 'string').map((item) => item.toUpperCase());
  return methods.length > 0 ? methods : ['GET'];
}

class FileReader {
  readonly imports: Record<string, string>;
  readonly objects: AppObjectDef[] = [];
  readonly handlers: HandlerDef[] = [];
  readonly registrations: RegistrationDef[] = [];
  private readonly functions = new Map<string, Node>();

  constructor(
    private readonly root: Node,
    readonly file: string,
  ) {
    this.imports = readImports(root, file);
  }

  read(): void {
    for (const assignment of this.root.descendantsOfType('assignment')) {
      const value = assignment?.childForFieldName('right');
      const left = assignment?.childForFieldName('left');
      if (!assignment || value?.type !== 'call' || left?.type !== 'identifier') continue;
      const callee = lastName(qualify(this.imports, value.childForFieldName('function')));
      if (callee !== 'Blueprint' && callee !== 'Quart') continue;
      const { positional, keywords } = callParts(value);
      this.objects.push({
        variable: left.text,
        kind: callee === 'Quart' ? 'app' : 'blueprint',
        name: callee === 'Quart' ? null : stringValue(keywords.get('name') ?? positional[0]),
        urlPrefix: stringValue(keywords.get('url_prefix')),
        ...position(assignment),
      });
    }
    for (const child of this.root.namedChildren) {
      const definition = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      const name = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
      if (definition && name) this.functions.set(name, definition);
    }
    for (const definition of this.root.descendantsOfType('function_definition')) if (definition) this.readDecorators(definition);
    for (const call of this.root.descendantsOfType('call')) if (call) this.readCall(call);
  }

  /** What `expression` (an identifier or dotted name) at `at` stands for: an app object, the app parameter, or an import. */
  owner(expression: Node | null | undefined, at: Node): OwnerRef | undefined {
    const dotted = dottedName(expression);
    if (!dotted) return undefined;
    const [first, ...rest] = dotted.split('.');
    if (rest.length === 0 && this.objects.some((object) => object.variable === first)) return { kind: 'local', variable: first! };
    for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(fn)) {
      const parameter = parameters(fn).find((item) => item.name === first);
      if (!parameter) continue;
      const annotation = parameter.annotation?.split('.').pop();
      return rest.length === 0 && (annotation === 'Quart' || (parameter.name === 'app' && annotation !== 'Blueprint')) ? { kind: 'app-parameter' } : undefined;
    }
    if (this.imports[first!]) return { kind: 'import', qualified: [this.imports[first!], ...rest].join('.') };
    return undefined;
  }

  private authOf(definition: Node): AuthDecorator[] {
    return decoratorsOf(definition).flatMap((decorator) => {
      const expression = decoratorExpression(decorator);
      const target = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      const name = lastName(qualify(this.imports, target));
      return expression && name && authDecoratorNames.has(name) ? [{ name, text: expression.text, line: position(decorator).line }] : [];
    });
  }

  private namesIn(definition: Node): string[] {
    const names = new Set<string>();
    for (const identifier of definition.childForFieldName('body')?.descendantsOfType('identifier') ?? []) if (identifier) names.add(identifier.text);
    return [...names].sort();
  }

  private handler(definition: Node, at: Node, owner: OwnerRef, fields: Pick<HandlerDef, 'kind' | 'rule' | 'methods' | 'endpoint'>): HandlerDef {
    return {
      owner,
      ...fields,
      function: definition.childForFieldName('name')?.text ?? '',
      ...position(at),
      functionLine: position(definition).line,
      async: isAsync(definition),
      auth: this.authOf(definition),
      names: this.namesIn(definition),
    };
  }

  private readDecorators(definition: Node): void {
    for (const decorator of decoratorsOf(definition)) {
      const expression = decoratorExpression(decorator);
      const call = expression?.type === 'call' ? expression : undefined;
      const target = call ? call.childForFieldName('function') : expression;
      if (target?.type !== 'attribute') continue;
      const method = target.childForFieldName('attribute')?.text ?? '';
      const isRoute = method === 'route' || method === 'websocket' || routeMethods[method] !== undefined;
      const hook = hookKinds[method];
      if (!isRoute && !hook) continue;
      const owner = this.owner(target.childForFieldName('object'), decorator);
      if (!owner) continue;
      if (isRoute && call) {
        const { positional, keywords } = callParts(call);
        this.handlers.push(
          this.handler(definition, decorator, owner, {
            kind: method === 'websocket' ? 'websocket' : 'route',
            rule: stringValue(keywords.get('rule') ?? positional[0]),
            methods: method === 'websocket' ? ['WEBSOCKET'] : (routeMethods[method] ?? readMethods(keywords.get('methods'))),
            endpoint: stringValue(keywords.get('endpoint')),
          }),
        );
      } else if (hook) {
        this.handlers.push(this.handler(definition, decorator, owner, { kind: hook, rule: null, methods: [], endpoint: null }));
      }
    }
  }

  /** `register_blueprint(...)` and `add_url_rule(...)` calls. */
  private readCall(call: Node): void {
    const target = call.childForFieldName('function');
    if (target?.type !== 'attribute') return;
    const method = target.childForFieldName('attribute')?.text;
    if (method !== 'register_blueprint' && method !== 'add_url_rule') return;
    const receiver = this.owner(target.childForFieldName('object'), call);
    if (!receiver) return;
    const { positional, keywords } = callParts(call);
    if (method === 'add_url_rule') {
      const viewName = dottedName(keywords.get('view_func') ?? positional[2]);
      const view = viewName ? this.functions.get(viewName) : undefined;
      if (!view) return;
      this.handlers.push(
        this.handler(view, call, receiver, {
          kind: 'route',
          rule: stringValue(keywords.get('rule') ?? positional[0]),
          methods: readMethods(keywords.get('methods')),
          endpoint: stringValue(keywords.get('endpoint') ?? positional[1]),
        }),
      );
      return;
    }
    const registered = keywords.get('blueprint') ?? positional[0];
    if (!registered) return;
    const targets = this.loopTargets(registered, call) ?? [this.owner(registered, call)].filter((owner): owner is OwnerRef => !!owner);
    if (targets.length === 0) return;
    const prefix = keywords.get('url_prefix');
    this.registrations.push({
      receiver,
      targets,
      ...(prefix ? { urlPrefix: stringValue(prefix) } : {}),
      ...position(call),
      function: enclosingFunction(call)?.childForFieldName('name')?.text ?? null,
    });
  }

  /** `for bp in (a, b, c): app.register_blueprint(bp)`: the loop's literal list of names. */
  private loopTargets(registered: Node, call: Node): OwnerRef[] | undefined {
    if (registered.type !== 'identifier') return undefined;
    for (let node = call.parent; node; node = node.parent) {
      if (node.type === 'function_definition') return undefined;
      if (node.type !== 'for_statement' || node.childForFieldName('left')?.text !== registered.text) continue;
      const items = node.childForFieldName('right');
      if (!items || !['tuple', 'list'].includes(items.type)) return undefined;
      return items.namedChildren.flatMap((item) => {
        const owner = item ? this.owner(item, call) : undefined;
        return owner ? [owner] : [];
      });
    }
    return undefined;
  }
}

/** The app objects, handlers and blueprint registrations of one Python file. */
export function readAppFile(root: Node, file: string): AppFile {
  const reader = new FileReader(root, file);
  reader.read();
  return {
    file,
    module: moduleName(file),
    imports: reader.imports,
    objects: reader.objects,
    handlers: reader.handlers,
    registrations: reader.registrations,
    problem: firstSyntaxProblem(root),
  };
}

export async function parseAppFile(source: Uint8Array | string, file: string): Promise<AppFile> {
  const tree = await parseForRules(source);
  try {
    return { ...readAppFile(tree.root, file), problem: tree.problem };
  } finally {
    tree.delete();
  }
}

/** A blueprint's url_prefix and a route's rule joined the way Quart (and Flask) do it. */
export function joinPath(prefix: string | null | undefined, rule: string): string {
  if (!prefix) return rule;
  if (!rule) return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`;
}

/**
 * A rule as the router matches it: variable names dropped, the default converter named, so `/api/post/<int:id>`
 * and `/api/post/<int:post_id>` compare equal and `/x/<name>` equals `/x/<string:slug>`.
 */
export function routeShape(path: string): string {
  return path.replace(/<(?:([A-Za-z_]\w*)(?:\([^)]*\))?:)?[A-Za-z_]\w*>/g, (_, converter: string | undefined) => `<${converter ?? 'string'}>`);
}

/** Converters whose rule matches an integer id such as `1`, in the order Quart prefers them (`any`, `float`, `uuid` do not). */
const integerIdConverters = ['int', 'string', 'path'];

/** The shapes a route ending in `<int:id>` may have and still answer `/1`: `<int:id>`, `<id>`, `<string:id>`, `<path:id>`. */
export function integerIdShapes(path: string): string[] {
  const shape = routeShape(path);
  if (!shape.endsWith('<int>')) return [shape];
  return integerIdConverters.map((converter) => `${shape.slice(0, -'<int>'.length)}<${converter}>`);
}

/** Whether two method lists can answer the same request (GET answers HEAD too). */
export function methodsOverlap(a: readonly string[], b: readonly string[]): string[] {
  const expand = (methods: readonly string[]) => new Set(methods.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])));
  const right = expand(b);
  return [...expand(a)].filter((method) => right.has(method) && method !== 'HEAD');
}

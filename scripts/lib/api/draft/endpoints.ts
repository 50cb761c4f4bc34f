import type { NameResolver } from '../../edit/python-names.js';
import type { ModelClass } from '../../models/classes.js';
import { requiredColumns, searchColumns } from '../context.js';
import { isSensitiveColumn } from '../sensitive.js';
import type { ApiNames, EndpointKind } from '../names.js';

/** What the generated endpoints need to know beyond the model. */
export interface EndpointOptions {
  model: ModelClass;
  /** The module the model is imported from (`stkapp.blog.models`). */
  modelModule: string;
  names: ApiNames;
  blueprint: string;
  /** Whether the blueprint's before_request already requires auth; otherwise each route gets the decorators. */
  blueprintAuth: boolean;
  authModule: string;
  serializer: 'orjson' | 'json';
  /** The audit-log model and its module, when the project has one. */
  activity: { name: string; module: string } | undefined;
  /** The module-level logger's name (`log`). */
  logger: string;
  /** Names of the page-size constants. */
  perPage: string;
  maxPerPage: string;
  kinds: readonly EndpointKind[];
}

/** Local names the handlers use, which the instance variable must not take. */
const reserved = new Set(['page', 'per_page', 'search', 'query', 'count', 'result', 'total', 'items', 'data', 'old', 'matches', 'id', 'g', 'request', 'log', 'json']);

function instanceName(singular: string): string {
  return reserved.has(singular) ? `${singular}_item` : singular;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * The conventional endpoints for a model as Python source (a block of top-level functions separated by two blank
 * lines, ending with a newline). Every name goes through `names`, which records the imports the code needs.
 */
export function endpointsCode(options: EndpointOptions, resolver: NameResolver): string {
  const { model, names } = options;
  const Model = resolver.use(options.modelModule, model.name);
  const g = resolver.use('quart', 'g');
  const request = resolver.use('quart', 'request');
  const item = instanceName(names.singular);
  const title = names.words.charAt(0).toUpperCase() + names.words.slice(1);
  const pk = model.columns.find((column) => column.primaryKey)?.name ?? 'id';
  const auth = options.blueprintAuth ? [] : [`@${resolver.use(options.authModule, 'auth_required')}("session")`, `@${resolver.use(options.authModule, 'roles_required')}("admin")`];
  const route = (method: string, rule: string) => [`@${options.blueprint}.${method}(${quote(rule)})`, ...auth];
  const log = (action: string, data: string) =>
    options.activity ? [`        await ${resolver.use(options.activity.module, options.activity.name)}.register(${resolver.use(options.authModule, 'current_user')}.id, ${quote(`${model.name} ${action}`)}, ${data})`] : [];
  /** `logged` may hold one `%s`, the id. */
  const failure = (logged: string, message: string) => [
    '    except Exception:',
    `        await ${g}.db_session.rollback()`,
    `        ${options.logger}.exception(${quote(`${logged} failed`)}${logged.includes('%s') ? ', id' : ''})`,
    `        return {"message": ${quote(message)}}, 412`,
  ];
  const fetch = [`    ${item} = await ${g}.db_session.get(${Model}, id)`, `    if ${item} is None:`, `        return {"message": ${quote(`${title} not found.`)}}, 404`];
  const body = `(await ${request}.json or {}).get("item", {})`;
  const blocks: Record<EndpointKind, () => string[]> = {
    page: () => {
      const handler = names.routes.find((route) => route.kind === 'page')!;
      return [...route('get', handler.rule), `async def ${handler.handler}():`, `    return await ${resolver.use('quart', 'render_template')}(${quote(names.template)})`];
    },
    list: () => {
      const handler = names.routes.find((route) => route.kind === 'list')!;
      const select = resolver.use('sqlalchemy', 'select');
      const func = resolver.use('sqlalchemy', 'func');
      const searched = searchColumns(model).map((column) => `${Model}.${column.name}.ilike(f"%{search}%")`);
      const matches = searched.length > 1 ? `${resolver.use('sqlalchemy', 'or_')}(${searched.join(', ')})` : searched[0];
      const payload = `{"items": items, "total": total, "perPage": per_page}`;
      const dumped = options.serializer === 'orjson' ? `${resolver.use('orjson')}.dumps(${payload}, default=str)` : `${resolver.use('json')}.dumps(${payload}, default=str)`;
      return [
        ...route('get', handler.rule),
        `async def ${handler.handler}():`,
        `    page = max(${request}.args.get("page", 1, type=int), 1)`,
        `    per_page = min(max(${request}.args.get("per_page", ${options.perPage}, type=int), 1), ${options.maxPerPage})`,
        `    query = ${select}(${Model})`,
        `    count = ${select}(${func}.count()).select_from(${Model})`,
        ...(matches
          ? [`    search = ${request}.args.get("search", "").strip()`, '    if search:', `        matches = ${matches}`, '        query = query.where(matches)', '        count = count.where(matches)']
          : []),
        `    result = await ${g}.db_session.execute(query.order_by(${Model}.${pk}.desc()).offset((page - 1) * per_page).limit(per_page))`,
        `    total = await ${g}.db_session.scalar(count)`,
        `    items = [${item}.to_dict() for ${item} in result.scalars()]`,
        `    return ${resolver.use('quart', 'Response')}(${dumped}, content_type="application/json")`,
      ];
    },
    create: () => {
      const handler = names.routes.find((route) => route.kind === 'create')!;
      // a secret is the handler's to set, never the client's to send (api-context's notes say so)
      const required = requiredColumns(model)
        .filter((column) => !isSensitiveColumn(column))
        .map((column) => column.name);
      return [
        ...route('post', handler.rule),
        `async def ${handler.handler}():`,
        `    data = ${body}`,
        ...required.flatMap((column) => [`    if data.get(${quote(column)}) in (None, ""):`, `        return {"message": ${quote(`${column} is required.`)}}, 400`]),
        `    ${item} = ${Model}()`,
        '    try:',
        `        await ${item}.from_dict(data)`,
        `        ${g}.db_session.add(${item})`,
        `        await ${g}.db_session.flush()`,
        ...log('Create', `${item}.to_dict()`),
        `        await ${g}.db_session.commit()`,
        ...failure(`creating a new ${names.words}`, `Error creating the ${names.words}.`),
        `    return {"message": ${quote(`${title} created.`)}, "id": ${item}.${pk}}`,
      ];
    },
    update: () => {
      const handler = names.routes.find((route) => route.kind === 'update')!;
      return [
        ...route('post', handler.rule),
        `async def ${handler.handler}(id):`,
        ...fetch,
        `    data = ${body}`,
        `    old = ${item}.to_dict()`,
        '    try:',
        `        await ${item}.from_dict(data)`,
        ...log('Update', `{"old": old, "new": ${item}.to_dict()}`),
        `        await ${g}.db_session.commit()`,
        ...failure(`updating ${names.words} %s`, `Error updating the ${names.words}.`),
        `    return {"message": ${quote(`${title} updated.`)}}`,
      ];
    },
    delete: () => {
      const handler = names.routes.find((route) => route.kind === 'delete')!;
      return [
        ...route('delete', handler.rule),
        `async def ${handler.handler}(id):`,
        ...fetch,
        '    try:',
        ...log('Delete', `${item}.to_dict()`),
        `        await ${g}.db_session.delete(${item})`,
        `        await ${g}.db_session.commit()`,
        ...failure(`deleting ${names.words} %s`, `Error deleting the ${names.words}.`),
        `    return {"message": ${quote(`${title} deleted.`)}}`,
      ];
    },
  };
  const order: EndpointKind[] = ['page', 'list', 'create', 'update', 'delete'];
  return `${order
    .filter((kind) => options.kinds.includes(kind))
    .map((kind) => blocks[kind]().join('\n'))
    .join('\n\n\n')}\n`;
}

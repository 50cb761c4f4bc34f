import type { ModelColumn } from '../models/parse.js';
import type { ApiContext, MethodCoverage, RouteSummary } from './context.js';

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function typeText(column: ModelColumn): string {
  return `${column.type ?? '?'}${column.length !== null ? `(${column.length})` : ''}`;
}

function defaultText(column: ModelColumn): string {
  const parts: string[] = [];
  if (column.default !== null) parts.push(column.default.value);
  if (column.serverDefault !== null) parts.push(`server: ${column.serverDefault}`);
  return parts.join('; ');
}

function keyText(column: ModelColumn): string {
  const parts: string[] = [];
  if (column.primaryKey) parts.push('PK');
  if (column.foreignKey) parts.push(`FK ${column.foreignKey.target}${column.foreignKey.ondelete ? ` ondelete ${column.foreignKey.ondelete}` : ''}`);
  if (column.unique) parts.push('unique');
  if (column.index) parts.push('index');
  return parts.join(', ');
}

function methodText(name: string, method: MethodCoverage | null, missing: string): string {
  if (!method) return `- ${code(name)}: none; ${missing}`;
  const how = `${method.async ? 'async ' : ''}${method.kind === 'instance' ? 'instance method' : method.kind}`;
  const gaps = method.missing.length > 0 ? `; not covered: ${method.missing.map(code).join(', ')}` : '; covers every column';
  return `- ${code(name)}: line ${method.line}, ${how}${gaps}`;
}

function routeText(route: RouteSummary): string {
  return `${route.methods.join(',')} ${route.path ?? '?'} → ${route.handler} (${route.file}:${route.line}, auth: ${route.auth})`;
}

/** The `/stk-api <Model>` context as Markdown: short, facts only. */
export function renderApiContextMarkdown(context: ApiContext): string {
  const { model } = context;
  const lines = [
    `### Model ${code(model.name)} (${model.file}:${model.line}, table ${code(model.table)})`,
    '| column | type | nullable | default | keys |',
    '| --- | --- | --- | --- | --- |',
    ...model.columns.map((column) => `| ${code(column.name)} | ${typeText(column)} | ${column.nullable ? 'yes' : 'no'} | ${cell(defaultText(column))} | ${cell(keyText(column))} |`),
  ];
  lines.push(
    model.relationships.length === 0
      ? '- relationships: none'
      : `- relationships: ${model.relationships.map((item) => `${code(item.name)} → ${item.target ?? '?'} (lazy=${item.lazy ?? 'select, the default'}${item.secondary ? `, secondary ${item.secondary}` : ''})`).join('; ')}`,
    methodText('to_dict', model.toDict, '`api-new` adds one covering every column'),
    methodText('from_dict', model.fromDict, '`api-new` adds an async instance method that sets the writable columns'),
    `- list search (ilike): ${model.searchColumns.length > 0 ? model.searchColumns.map(code).join(', ') : 'no text column'}; required on create: ${model.requiredColumns.length > 0 ? model.requiredColumns.map(code).join(', ') : 'nothing'}`,
    '',
  );
  const blueprint = context.blueprint;
  if (blueprint) {
    lines.push(
      `### Blueprint ${code(blueprint.name ?? '?')} (${code(blueprint.variable)}, ${blueprint.file}:${blueprint.line})`,
      `- url_prefix: ${blueprint.urlPrefix ? code(blueprint.urlPrefix) : 'none'}; ${blueprint.registered ? 'registered in the app' : '⚠ not registered in the app'}`,
      `- blueprint-level auth: ${blueprint.auth.length > 0 ? blueprint.auth.map(code).join(', ') : 'none (each route needs its own auth decorators)'}`,
    );
  } else lines.push('### Blueprint', `- ⚠ ${context.blueprintProblem ?? 'none found'}`);
  lines.push('', `### Routes whose handlers use ${code(model.name)}`);
  lines.push(...(context.routes.length > 0 ? context.routes.map((route) => `- ${routeText(route)}`) : ['- none']));
  lines.push('', '### The conventional routes', '| route | handler | state |', '| --- | --- | --- |');
  for (const route of context.planned) {
    const state = route.existing ? `taken: ${cell(routeText(route.existing))}` : 'free';
    lines.push(`| ${code(`${route.method} ${route.path}`)} | ${code(route.handler)} | ${state} |`);
  }
  const { conventions } = context;
  lines.push(
    '',
    '### This project',
    `- JSON: ${conventions.serializer === 'orjson' ? '`orjson.dumps`' : 'the standard library\'s `json.dumps(..., default=str)` (no orjson here)'} in \`Response(..., content_type="application/json")\``,
    `- auth decorators and \`current_user\` from ${code(conventions.authModule)}`,
    `- audit log: ${conventions.activity ? `${code(`${conventions.activity.name}.register`)} (${conventions.activity.file}:${conventions.activity.line})` : 'none'}`,
  );
  if (context.notes.length > 0) lines.push('', '### Watch out', ...context.notes.map((note) => `- ⚠ ${note}`));
  return `${lines.join('\n')}\n`;
}

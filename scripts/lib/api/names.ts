/** The five routes stk's conventions give a model. */
export type EndpointKind = 'list' | 'create' | 'update' | 'delete' | 'page';

export interface ConventionalRoute {
  kind: EndpointKind;
  method: 'GET' | 'POST' | 'DELETE';
  /** The rule the blueprint declares. */
  rule: string;
  handler: string;
}

export interface ApiNames {
  model: string;
  /** `InvoiceLine` -> `invoice_line`: the variable and the singular path segment. */
  singular: string;
  /** `invoice_lines`: the list path, the page and its template. */
  plural: string;
  /** `invoice line`, for messages. */
  words: string;
  template: string;
  routes: ConventionalRoute[];
}

/** `InvoiceLine` -> `invoice_line`; `HTTPLog` -> `http_log`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** English plural of a snake_case name's last word: category -> categories, box -> boxes, post -> posts. */
export function pluralize(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** The names and the five conventional routes of a model: `GET /api/posts`, `POST /api/post/`, ... */
export function apiNames(model: string): ApiNames {
  const singular = snakeCase(model);
  const plural = pluralize(singular);
  return {
    model,
    singular,
    plural,
    words: singular.replaceAll('_', ' '),
    template: `cms/${plural}.html`,
    routes: [
      { kind: 'list', method: 'GET', rule: `/api/${plural}`, handler: `api_${plural}` },
      { kind: 'create', method: 'POST', rule: `/api/${singular}/`, handler: `api_${singular}_create` },
      { kind: 'update', method: 'POST', rule: `/api/${singular}/<int:id>`, handler: `api_${singular}_update` },
      { kind: 'delete', method: 'DELETE', rule: `/api/${singular}/<int:id>`, handler: `api_${singular}_delete` },
      { kind: 'page', method: 'GET', rule: `/${plural}/`, handler: `${plural}_page` },
    ],
  };
}

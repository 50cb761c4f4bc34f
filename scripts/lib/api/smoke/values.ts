import type { ModelClass } from '../../models/classes.js';
import type { ModelColumn } from '../../models/parse.js';
import { requiredColumns } from '../context.js';
import { writableColumns } from '../draft/model-methods.js';
import { isSensitiveColumn } from '../sensitive.js';

export type ColumnKind = 'text' | 'integer' | 'boolean' | 'number' | 'json' | 'datetime' | 'date' | 'time' | 'other';

const kinds: Record<string, ColumnKind> = {
  String: 'text',
  Text: 'text',
  Unicode: 'text',
  UnicodeText: 'text',
  VARCHAR: 'text',
  CHAR: 'text',
  TEXT: 'text',
  Integer: 'integer',
  SmallInteger: 'integer',
  BigInteger: 'integer',
  INTEGER: 'integer',
  Boolean: 'boolean',
  Float: 'number',
  Numeric: 'number',
  DECIMAL: 'number',
  JSON: 'json',
  JSONB: 'json',
  DateTime: 'datetime',
  Date: 'date',
  Time: 'time',
};

export function columnKind(column: ModelColumn): ColumnKind {
  return kinds[column.type ?? ''] ?? 'other';
}

/** A value of the column's kind that fits its length, carrying `token` (unique per run) when it is text. */
export function sampleValue(column: ModelColumn, token: string, salt = 0): unknown {
  switch (columnKind(column)) {
    case 'text': {
      const text = `smoke ${column.name} ${token}`;
      if (column.length === null || text.length <= column.length) return text;
      return column.length >= token.length ? token.slice(0, column.length) : token.slice(-column.length);
    }
    case 'integer':
      return column.unique ? Number.parseInt(token.slice(0, 6), 16) + salt : 7 + salt;
    case 'boolean':
      return true;
    case 'number':
      return 1.5 + salt;
    case 'json':
      return { smoke: token };
    case 'datetime':
      return '2024-01-02T03:04:05';
    case 'date':
      return '2024-01-02';
    case 'time':
      return '03:04:05';
    default:
      return undefined;
  }
}

export interface Synthesis {
  /** The `item` the create request sends. */
  values: Record<string, unknown>;
  /** Columns whose stored value must equal what was sent. */
  compared: string[];
  /** A text column and a fragment of its value that a search must find. */
  search: { column: string; fragment: string } | undefined;
  /** The column an update changes, and its new value. */
  change: { column: string; value: unknown } | undefined;
  /** Required columns no value could be made for. */
  unsupported: string[];
  /** Required columns holding secrets, which are never sent: the handler must set them. */
  withheld: string[];
}

/** `user.id` -> the table and column a foreign key points at. */
export function foreignTarget(column: ModelColumn): { table: string; column: string } | undefined {
  const target = column.foreignKey?.target;
  if (!target) return undefined;
  const at = target.lastIndexOf('.');
  return at > 0 ? { table: target.slice(0, at), column: target.slice(at + 1) } : undefined;
}

/**
 * Values for a create request, from the column types: every required column, and the writable columns that
 * from_dict sets (or every writable one when from_dict cannot be read), dates only when required (a hand-written
 * from_dict may not parse them). Foreign keys get the parent rows `parents` returns. Secrets (`isSensitiveColumn`)
 * are never sent, as api-new's draft never reads them from a request: the server hashes or generates them.
 */
export function synthesize(model: ModelClass, token: string, parents: ReadonlyMap<string, unknown>, fromDictCovers: readonly string[] | undefined): Synthesis {
  const withheld = requiredColumns(model).filter(isSensitiveColumn).map((column) => column.name);
  const required = new Set(requiredColumns(model).filter((column) => !isSensitiveColumn(column)).map((column) => column.name));
  const writable = writableColumns(model).filter((column) => !fromDictCovers || fromDictCovers.includes(column.name) || required.has(column.name));
  const chosen = [...writable, ...model.columns.filter((column) => required.has(column.name) && !writable.includes(column))];
  const values: Record<string, unknown> = {};
  const compared: string[] = [];
  const unsupported: string[] = [];
  for (const column of chosen) {
    const kind = columnKind(column);
    if (column.foreignKey) {
      const parent = parents.get(column.name);
      if (parent !== undefined) values[column.name] = parent;
      else if (required.has(column.name)) unsupported.push(column.name);
      continue;
    }
    if (['datetime', 'date', 'time'].includes(kind) && !required.has(column.name)) continue;
    const value = sampleValue(column, token);
    if (value === undefined) {
      if (required.has(column.name)) unsupported.push(column.name);
      continue;
    }
    values[column.name] = value;
    if (kind === 'text' || kind === 'integer' || kind === 'boolean') compared.push(column.name);
  }
  const searchable = model.columns.filter((column) => columnKind(column) === 'text' && !column.foreignKey && typeof values[column.name] === 'string');
  const search = searchable[0] ? { column: searchable[0].name, fragment: token.slice(0, Math.min(token.length, String(values[searchable[0].name]).length)) } : undefined;
  const changeable = model.columns.find((column) => compared.includes(column.name) && columnKind(column) === 'text') ?? model.columns.find((column) => compared.includes(column.name));
  let change: Synthesis['change'];
  if (changeable) {
    const kind = columnKind(changeable);
    const value = kind === 'text' ? sampleValue(changeable, `${token.split('').reverse().join('')}`) : kind === 'boolean' ? false : (values[changeable.name] as number) + 1;
    change = { column: changeable.name, value };
  }
  return { values, compared, search, change, unsupported, withheld };
}

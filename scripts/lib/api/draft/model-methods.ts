import type { NameResolver } from '../../edit/python-names.js';
import type { ModelClass } from '../../models/classes.js';
import type { ModelColumn } from '../../models/parse.js';
import { isSensitiveColumn } from '../sensitive.js';

const temporal: Record<string, string | undefined> = { DateTime: 'datetime', Date: 'date', Time: 'time' };
const notJson = new Set(['LargeBinary', 'BLOB', 'BYTEA', 'PickleType']);

/** A column the database or the model fills in itself: the primary key, or a Python-side default that is not a literal (`datetime.now`, `uuid4`). */
function managed(column: ModelColumn): boolean {
  return column.primaryKey || (column.default !== null && !column.default.literal);
}

/** The columns to_dict returns: every column that JSON can carry but secrets (the list and the activity log carry to_dict), the primary key first. */
export function dictColumns(model: ModelClass): ModelColumn[] {
  const columns = model.columns.filter((column) => !notJson.has(column.type ?? '') && !isSensitiveColumn(column));
  return [...columns.filter((column) => column.primaryKey), ...columns.filter((column) => !column.primaryKey)];
}

/** The columns from_dict sets: what a client may write, so never a secret (a password is hashed, a token generated, by the handler). */
export function writableColumns(model: ModelClass): ModelColumn[] {
  return model.columns.filter((column) => !managed(column) && !notJson.has(column.type ?? '') && !isSensitiveColumn(column));
}

/** `def to_dict(self)` for the model, indented for its class body; dates become ISO strings (the activity log stores this as JSON). */
export function toDictCode(model: ModelClass, indent: string): string {
  const value = (column: ModelColumn) => {
    const attribute = `self.${column.name}`;
    if (temporal[column.type ?? '']) return `${attribute}.isoformat() if ${attribute} else None`;
    if (column.type === 'Numeric' || column.type === 'DECIMAL') return `float(${attribute}) if ${attribute} is not None else None`;
    return attribute;
  };
  return [`${indent}def to_dict(self):`, `${indent}    return {`, ...dictColumns(model).map((column) => `${indent}        ${JSON.stringify(column.name)}: ${value(column)},`), `${indent}    }`].join('\n');
}

/**
 * `async def from_dict(self, data)`: sets the writable columns present in `data` and returns self; ISO strings
 * become dates (a SQLite DateTime column takes only datetime objects).
 */
export function fromDictCode(model: ModelClass, indent: string, resolver: NameResolver): string {
  const columns = writableColumns(model);
  const plain = columns.filter((column) => !temporal[column.type ?? '']);
  const dated = columns.filter((column) => temporal[column.type ?? '']);
  const lines = [`${indent}async def from_dict(self, data):`];
  if (plain.length > 0) {
    lines.push(
      `${indent}    for key in (${plain.map((column) => JSON.stringify(column.name)).join(', ')}${plain.length === 1 ? ',' : ''}):`,
      `${indent}        if key in data:`,
      `${indent}            setattr(self, key, data[key])`,
    );
  }
  for (const column of dated) {
    const parse = `${resolver.use('datetime', temporal[column.type ?? '']!)}.fromisoformat`;
    lines.push(`${indent}    if ${JSON.stringify(column.name)} in data:`, `${indent}        self.${column.name} = ${parse}(data[${JSON.stringify(column.name)}]) if data[${JSON.stringify(column.name)}] else None`);
  }
  lines.push(`${indent}    return self`);
  return lines.join('\n');
}

/** Type families: the SQLAlchemy generic types and the dialect spellings that mean the same column. */
type Family =
  | 'string'
  | 'text'
  | 'smallinteger'
  | 'integer'
  | 'biginteger'
  | 'boolean'
  | 'numeric'
  | 'float'
  | 'datetime'
  | 'date'
  | 'time'
  | 'interval'
  | 'binary'
  | 'json'
  | 'jsonb'
  | 'uuid'
  | 'enum'
  | 'array';

const spellings: Record<Family, string[]> = {
  string: ['String', 'VARCHAR', 'NVARCHAR', 'Unicode', 'CHAR', 'NCHAR', 'CITEXT'],
  text: ['Text', 'TEXT', 'UnicodeText', 'CLOB', 'TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT'],
  smallinteger: ['SmallInteger', 'SMALLINT', 'TINYINT'],
  integer: ['Integer', 'INTEGER', 'INT', 'MEDIUMINT'],
  biginteger: ['BigInteger', 'BIGINT'],
  boolean: ['Boolean', 'BOOLEAN', 'BOOL'],
  numeric: ['Numeric', 'NUMERIC', 'DECIMAL'],
  float: ['Float', 'FLOAT', 'REAL', 'Double', 'DOUBLE', 'DOUBLE_PRECISION'],
  datetime: ['DateTime', 'DATETIME', 'TIMESTAMP'],
  date: ['Date', 'DATE'],
  time: ['Time', 'TIME'],
  interval: ['Interval', 'INTERVAL'],
  binary: ['LargeBinary', 'BLOB', 'BINARY', 'VARBINARY', 'BYTEA', 'LONGBLOB', 'MEDIUMBLOB'],
  json: ['JSON'],
  jsonb: ['JSONB'],
  uuid: ['Uuid', 'UUID', 'GUID'],
  enum: ['Enum', 'ENUM'],
  array: ['ARRAY'],
};

const familyOf = new Map<string, Family>(Object.entries(spellings).flatMap(([family, names]) => names.map((name) => [name, family as Family] as const)));

/** The part of a type that a comparison needs: its name and size. */
export interface TypeShape {
  name: string;
  length: number | null;
}

export function typeFamily(type: TypeShape): Family | undefined {
  return familyOf.get(type.name);
}

const sized = new Set<Family>(['string', 'binary', 'numeric']);

/** `String(255)`, `Text`. */
export function describeType(type: TypeShape): string {
  return type.length === null ? type.name : `${type.name}(${type.length})`;
}

/**
 * Whether two types declare the same column: `unknown` when either is a custom or unrecognised type,
 * since guessing would report differences that are not there.
 */
export function compareTypes(a: TypeShape, b: TypeShape): 'same' | 'different' | 'unknown' {
  const left = typeFamily(a);
  const right = typeFamily(b);
  if (!left || !right) return a.name.toLowerCase() === b.name.toLowerCase() && a.length === b.length ? 'same' : 'unknown';
  if (left !== right) return 'different';
  if (sized.has(left) && a.length !== b.length) return 'different';
  return 'same';
}

const integerRank: Partial<Record<Family, number>> = { boolean: 0, smallinteger: 1, integer: 2, biginteger: 3 };
const textual = new Set<Family>(['string', 'text', 'json', 'jsonb']);

/** Why changing `from` to `to` can truncate or reject existing values, or undefined when it cannot (or the types are unknown). */
export function narrowing(from: TypeShape, to: TypeShape): string | undefined {
  const a = typeFamily(from);
  const b = typeFamily(to);
  if (!a || !b) return undefined;
  const was = describeType(from);
  const now = describeType(to);
  if (a === b) {
    if (!sized.has(a) || to.length === null) return undefined;
    if (from.length === null || from.length > to.length) return `${now} holds less than ${was}`;
    return undefined;
  }
  if (a === 'text' && b === 'string' && to.length !== null) return `${now} has a length limit that ${was} does not`;
  const rankA = integerRank[a];
  const rankB = integerRank[b];
  if (rankA !== undefined && rankB !== undefined) return rankB < rankA ? `${now} holds a smaller range of numbers than ${was}` : undefined;
  if ((a === 'numeric' || a === 'float') && rankB !== undefined) return `${now} drops the fractional part of ${was} values`;
  if (a === 'datetime' && (b === 'date' || b === 'time')) return `${now} drops part of each ${was} value`;
  if (textual.has(a) && !textual.has(b)) return `not every ${was} value converts to ${now}`;
  return undefined;
}

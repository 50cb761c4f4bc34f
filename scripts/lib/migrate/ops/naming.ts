import type { ConstraintKind } from './types.js';

/** A MetaData `naming_convention`: templates by kind (`fk`, `uq`, `ck`, `pk`, `ix`, or the class names). */
export type NamingConvention = Readonly<Record<string, string>>;

export type NamedKind = ConstraintKind | 'index';

const keys: Record<NamedKind, string[]> = {
  foreignkey: ['fk', 'ForeignKeyConstraint', 'foreign_key_constraint'],
  unique: ['uq', 'UniqueConstraint', 'unique_constraint'],
  check: ['ck', 'CheckConstraint', 'check_constraint'],
  primary: ['pk', 'PrimaryKeyConstraint', 'primary_key_constraint'],
  index: ['ix', 'Index', 'index'],
};

/** SQLAlchemy's default: `index=True` columns get `ix_<table>_<column>`. */
const defaultConvention: NamingConvention = { ix: 'ix_%(column_0_label)s' };

/** What a name is made from. */
export interface NameParts {
  kind: NamedKind;
  table: string;
  columns: string[];
  referent: { table: string; columns: string[] } | null;
  /** The name as written, or null. */
  name: string | null;
  /** Written through `op.f()` / `conv()`: final, never run through the convention. */
  final: boolean;
}

function template(convention: NamingConvention | undefined, kind: NamedKind): string | undefined {
  const all = { ...defaultConvention, ...convention };
  return keys[kind].map((key) => all[key]).find((value) => typeof value === 'string');
}

function tokenValue(token: string, parts: NameParts): string | undefined {
  const { table, columns, referent, name } = parts;
  if (token === 'table_name') return table;
  if (token === 'constraint_name') return name ?? undefined;
  if (token === 'referred_table_name') return referent?.table;
  const column = /^(referred_)?column_0(N|_N)?_(name|key|label)$/.exec(token);
  if (!column) return undefined;
  const [, referred, many, what] = column;
  const list = referred ? (referent?.columns ?? []) : columns;
  const owner = referred ? referent?.table : table;
  if (list.length === 0 || owner === undefined) return undefined;
  const render = (item: string) => (what === 'label' ? `${owner}_${item}` : item);
  if (!many) return render(list[0]!);
  return list.map(render).join(many === 'N' ? '' : '_');
}

/**
 * The name the database gets, as SQLAlchemy gives it: a final (`op.f`) name as it is; otherwise the
 * convention's template when the object has no name, or when the template uses `%(constraint_name)s`.
 * Undefined when no template applies and the object has no name (the dialect then names it); null when
 * the template needs something unknown (a token this reading does not know, or a name that is missing).
 */
export function databaseName(parts: NameParts, convention: NamingConvention | undefined): string | null | undefined {
  if (parts.final) return parts.name;
  const found = template(convention, parts.kind);
  if (found === undefined || (parts.name !== null && !found.includes('%(constraint_name)s'))) return parts.name ?? undefined;
  let failed = false;
  const name = found.replace(/%%|%\((\w+)\)s/g, (match, token: string | undefined) => {
    if (token === undefined) return '%';
    const value = tokenValue(token, parts);
    if (value === undefined) failed = true;
    return value ?? '';
  });
  return failed ? null : name;
}

/** Whether the convention names objects of this kind that are created without a name. */
export function conventionNames(convention: NamingConvention | undefined, kind: NamedKind): boolean {
  const found = template(convention, kind);
  return found !== undefined && !found.includes('%(constraint_name)s');
}

/** PostgreSQL's names for a constraint created without one: `<table>_<columns>_fkey|_key|_pkey`, `<table>[_<column>]_check[N]`. */
export function postgresDefaultNames(kind: ConstraintKind, table: string, columns: string[]): string[] {
  if (kind === 'primary') return [`${table}_pkey`];
  if (kind === 'foreignkey') return [`${table}_${columns.join('_')}_fkey`];
  if (kind === 'unique') return [`${table}_${columns.join('_')}_key`];
  return [];
}

/** Whether `name` is one PostgreSQL may have given an unnamed CHECK constraint of `table`. */
export function postgresCheckName(name: string, table: string, columns: Iterable<string>): boolean {
  const stems = [`${table}_check`, ...[...columns].map((column) => `${table}_${column}_check`)];
  return stems.some((stem) => name === stem || (name.startsWith(stem) && /^\d+$/.test(name.slice(stem.length))));
}

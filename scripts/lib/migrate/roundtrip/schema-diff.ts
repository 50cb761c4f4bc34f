import type { Snapshot, TableSnapshot } from '../../throwaway/protocol.js';

/** A moment of the round trip compared with an earlier one, as the messages name them. */
export interface Moment {
  /** e.g. "after downgrade" */
  label: string;
  /** e.g. "before the upgrade" */
  reference: string;
}

export const afterDowngrade: Moment = { label: 'after downgrade', reference: 'before the upgrade' };
export const afterReupgrade: Moment = { label: 'after the second upgrade', reference: 'after the first upgrade' };

const list = (columns: string[]) => `(${columns.join(', ')})`;

interface Keyed {
  key: string;
  /** How the thing is named in a message, e.g. "index ix_user_email". */
  what: string;
  /** What must match for the thing to be the same, rendered. */
  shape: string;
}

function byKey(items: Keyed[]): Map<string, Keyed> {
  return new Map(items.map((item) => [item.key, item]));
}

/** Missing, unexpected and changed items between two keyed lists. */
function compareKeyed(expected: Keyed[], actual: Keyed[], moment: Moment): string[] {
  const out: string[] = [];
  const actualByKey = byKey(actual);
  const expectedByKey = byKey(expected);
  for (const item of expected) {
    const found = actualByKey.get(item.key);
    if (!found) out.push(`${item.what} missing ${moment.label}`);
    else if (found.shape !== item.shape) out.push(`${item.what} is ${found.shape} ${moment.label}, ${item.shape} ${moment.reference}`);
  }
  for (const item of actual) if (!expectedByKey.has(item.key)) out.push(`unexpected ${item.what} ${moment.label} (not there ${moment.reference})`);
  return out;
}

function tableItems(table: TableSnapshot): Keyed[][] {
  const t = table.name;
  return [
    table.columns.map((column) => ({
      key: column.name,
      what: `column ${t}.${column.name}`,
      shape: `${column.type}${column.nullable ? ' NULL' : ' NOT NULL'}${column.default === null ? '' : ` DEFAULT ${column.default}`}`,
    })),
    table.primaryKey.columns.length > 0 ? [{ key: 'pk', what: `primary key of ${t}`, shape: list(table.primaryKey.columns) }] : [],
    table.indexes.map((index) => ({
      key: index.name ?? list(index.columns),
      what: `index ${index.name ?? `on ${t}${list(index.columns)}`}`,
      shape: `${index.unique ? 'unique ' : ''}on ${t}${list(index.columns)}`,
    })),
    table.uniques.map((unique) => ({
      key: unique.name ?? list(unique.columns),
      what: `unique constraint ${unique.name ?? `on ${t}${list(unique.columns)}`}`,
      shape: `on ${t}${list(unique.columns)}`,
    })),
    table.foreignKeys.map((fk) => {
      const target = `${fk.referredTable ?? '?'}${list(fk.referredColumns)}`;
      return {
        key: fk.name ?? `${list(fk.columns)}->${target}`,
        what: `foreign key ${fk.name ?? `${t}${list(fk.columns)} -> ${target}`}`,
        shape: `${t}${list(fk.columns)} -> ${target}${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}${fk.onUpdate ? ` ON UPDATE ${fk.onUpdate}` : ''}`,
      };
    }),
    table.checks.map((check) => ({ key: check.name ?? check.sqltext, what: `check constraint ${check.name ?? `on ${t}`}`, shape: check.sqltext })),
  ];
}

/** Every difference between the schema at an earlier moment (`expected`) and now (`actual`), one phrase each. */
export function schemaDifferences(expected: Snapshot, actual: Snapshot, moment: Moment): string[] {
  const out: string[] = [];
  const actualTables = new Map(actual.tables.map((table) => [table.name, table]));
  const expectedNames = new Set(expected.tables.map((table) => table.name));
  for (const table of expected.tables) {
    const now = actualTables.get(table.name);
    if (!now) {
      out.push(`table ${table.name} missing ${moment.label}`);
      continue;
    }
    const before = tableItems(table);
    const after = tableItems(now);
    before.forEach((items, kind) => out.push(...compareKeyed(items, after[kind] ?? [], moment)));
  }
  for (const table of actual.tables) if (!expectedNames.has(table.name)) out.push(`unexpected table ${table.name} ${moment.label} (not there ${moment.reference})`);
  return out;
}

import { describe, expect, it } from 'vitest';
import { downgradeLosses, upgradeLosses } from '../../../scripts/lib/migrate/roundtrip/data-loss.js';
import type { Counts, TableCounts } from '../../../scripts/lib/throwaway/protocol.js';

function table(name: string, rows: number, columns: Record<string, number | [number, number | null, number]>): TableCounts {
  return {
    name,
    rows,
    columns: Object.entries(columns).map(([column, value]) => {
      const [nonNull, length, overlong] = Array.isArray(value) ? value : [value, null, 0];
      return { name: column, nonNull, length, overlong };
    }),
  };
}
const counts = (...tables: TableCounts[]): Counts => ({ tables });

describe('upgradeLosses', () => {
  it('finds nothing when rows and values survive, new columns included', () => {
    expect(upgradeLosses(counts(table('user', 3, { id: 3, name: 3 })), counts(table('user', 3, { id: 3, name: 3, bio: 0 })))).toEqual([]);
  });

  it('calls a dropped column plus an added one a rename done as drop + add, with the fix', () => {
    const [loss] = upgradeLosses(counts(table('role', 3, { id: 3, description: 3 })), counts(table('role', 3, { id: 3, summary: 0 })));
    expect(loss).toMatchObject({ severity: 'error', message: 'the upgrade drops role.description (3 values) and adds role.summary without them: a rename done as drop + add loses the data' });
    expect(loss?.help).toContain('op.alter_column("role", "description", new_column_name="summary")');
  });

  it('warns about a plain drop, which may be intended', () => {
    expect(upgradeLosses(counts(table('role', 3, { id: 3, legacy: 2 })), counts(table('role', 3, { id: 3 })))).toMatchObject([
      { severity: 'warning', message: 'the upgrade drops column role.legacy and its 2 values' },
    ]);
    expect(upgradeLosses(counts(table('old', 1, { id: 1 })), counts())).toMatchObject([{ severity: 'warning', message: 'the upgrade drops table old and its 1 row' }]);
  });

  it('reports deleted rows, values turned NULL and values longer than a narrowed column', () => {
    expect(upgradeLosses(counts(table('t', 3, { id: 3 })), counts(table('t', 1, { id: 1 })))[0]?.message).toBe('the upgrade deletes 2 of 3 rows of t');
    expect(upgradeLosses(counts(table('t', 3, { id: 3, n: 3 })), counts(table('t', 3, { id: 3, n: 1 })))[0]?.message).toBe('the upgrade loses 2 of 3 values of t.n (now NULL)');
    expect(upgradeLosses(counts(table('t', 3, { d: [3, 255, 0] })), counts(table('t', 3, { d: [3, 8, 3] })))[0]?.message).toMatch(/^after the upgrade 3 values of t\.d exceed its new length of 8/);
  });
});

describe('downgradeLosses', () => {
  it('accepts a downgrade that drops only what the upgrade added', () => {
    const before = counts(table('user', 3, { id: 3, name: 3 }));
    const up = counts(table('user', 3, { id: 3, name: 3, last_login_at: 0 }), table('post', 0, { id: 0 }));
    expect(downgradeLosses(before, up, before)).toEqual([]);
  });

  it('reports a column that existed before the upgrade and is gone after the downgrade', () => {
    const before = counts(table('user', 3, { id: 3, name: 3 }));
    const up = counts(table('user', 3, { id: 3, name: 3, last_login_at: 0 }));
    const down = counts(table('user', 3, { id: 3, last_login_at: 0 }));
    expect(downgradeLosses(before, up, down)).toMatchObject([{ severity: 'error', message: 'the downgrade drops column user.name and its 3 values' }]);
  });
});

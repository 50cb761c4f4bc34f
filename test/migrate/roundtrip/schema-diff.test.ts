import { describe, expect, it } from 'vitest';
import { afterDowngrade, afterReupgrade, schemaDifferences } from '../../../scripts/lib/migrate/roundtrip/schema-diff.js';
import type { Snapshot, TableSnapshot } from '../../../scripts/lib/throwaway/protocol.js';

function user(overrides: Partial<TableSnapshot> = {}): TableSnapshot {
  return {
    name: 'user',
    columns: [
      { name: 'id', type: 'INTEGER', nullable: false, default: null },
      { name: 'email', type: 'VARCHAR(255)', nullable: false, default: null },
    ],
    primaryKey: { name: 'pk_user', columns: ['id'] },
    indexes: [{ name: 'ix_user_email', columns: ['email'], unique: false }],
    uniques: [{ name: 'uq_user_email', columns: ['email'] }],
    foreignKeys: [],
    checks: [],
    ...overrides,
  };
}
const schema = (...tables: TableSnapshot[]): Snapshot => ({ tables });

describe('schemaDifferences', () => {
  it('finds nothing between equal schemas', () => {
    expect(schemaDifferences(schema(user()), schema(user()), afterDowngrade)).toEqual([]);
  });

  it('names each missing, unexpected and changed thing, and when', () => {
    const before = schema(user(), { ...user(), name: 'role', indexes: [], uniques: [] });
    const after = schema(
      user({
        columns: [
          { name: 'id', type: 'INTEGER', nullable: false, default: null },
          { name: 'email', type: 'VARCHAR(80)', nullable: true, default: "'x'" },
          { name: 'bio', type: 'TEXT', nullable: true, default: null },
        ],
        indexes: [{ name: 'ix_user_bio', columns: ['bio'], unique: false }],
        foreignKeys: [{ name: null, columns: ['id'], referredTable: 'account', referredColumns: ['id'], onDelete: 'CASCADE', onUpdate: null }],
      }),
    );
    expect(schemaDifferences(before, after, afterDowngrade)).toEqual([
      "column user.email is VARCHAR(80) NULL DEFAULT 'x' after downgrade, VARCHAR(255) NOT NULL before the upgrade",
      'unexpected column user.bio after downgrade (not there before the upgrade)',
      'index ix_user_email missing after downgrade',
      'unexpected index ix_user_bio after downgrade (not there before the upgrade)',
      'unexpected foreign key user(id) -> account(id) after downgrade (not there before the upgrade)',
      'table role missing after downgrade',
    ]);
  });

  it('speaks of the first upgrade when comparing the second', () => {
    expect(schemaDifferences(schema(user()), schema(user({ uniques: [] })), afterReupgrade)).toEqual(['unique constraint uq_user_email missing after the second upgrade']);
  });
});

import { describe, expect, it } from 'vitest';
import { describeDifference, driftHelp } from '../../../scripts/lib/migrate/drift/describe.js';
import type { Difference } from '../../../scripts/lib/throwaway/protocol.js';

const difference = (fields: Partial<Difference> & Pick<Difference, 'kind'>): Difference => ({ table: null, column: null, name: null, columns: [], from: null, to: null, ...fields });

describe('describeDifference', () => {
  it('writes each autogenerate difference as one line', () => {
    expect(describeDifference(difference({ kind: 'add_table', table: 'tag' }))).toBe('add_table: tag');
    expect(describeDifference(difference({ kind: 'remove_column', table: 'user', column: 'bio', to: 'TEXT' }))).toBe('remove_column: user.bio TEXT');
    expect(describeDifference(difference({ kind: 'modify_type', table: 'user', column: 'name', from: 'VARCHAR(255)', to: 'VARCHAR(8)' }))).toBe('modify_type: user.name VARCHAR(255) -> VARCHAR(8)');
    expect(describeDifference(difference({ kind: 'modify_nullable', table: 'user', column: 'name', from: 'True', to: 'False' }))).toBe('modify_nullable: user.name NULL -> NOT NULL');
    expect(describeDifference(difference({ kind: 'modify_default', table: 'post', column: 'status', from: "'draft'", to: null }))).toBe("modify_default: post.status 'draft' -> none");
    expect(describeDifference(difference({ kind: 'remove_index', table: 'post', name: 'ix_post_title', columns: ['title'] }))).toBe('remove_index: ix_post_title on post(title)');
    expect(describeDifference(difference({ kind: 'add_index', table: 'user', name: 'ix_user_email', columns: ['email'], to: 'unique' }))).toBe('add_index: ix_user_email unique on user(email)');
    expect(describeDifference(difference({ kind: 'add_fk', table: 'post', columns: ['user_id'], to: 'user', name: 'fk_post_user_id_user' }))).toBe('add_fk: fk_post_user_id_user post(user_id) -> user');
    expect(describeDifference(difference({ kind: 'add_constraint', table: 'role', columns: ['name'], name: 'uq_role_name', to: 'UniqueConstraint' }))).toBe('add_constraint: uq_role_name UniqueConstraint on role(name)');
  });

  it('says which side to change', () => {
    expect(driftHelp(difference({ kind: 'add_column' }))).toMatch(/^The models have it/);
    expect(driftHelp(difference({ kind: 'remove_table' }))).toMatch(/^The migrations create it/);
    expect(driftHelp(difference({ kind: 'modify_type' }))).toMatch(/disagree/);
  });
});

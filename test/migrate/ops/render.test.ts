import { describe, expect, it } from 'vitest';
import { expectationsOf, related } from '../../../scripts/lib/migrate/ops/inverse.js';
import { readOperations } from '../../../scripts/lib/migrate/ops/read.js';
import { placed, renderOperation } from '../../../scripts/lib/migrate/ops/render.js';
import { summarizeSql } from '../../../scripts/lib/migrate/ops/sql.js';
import type { Operation } from '../../../scripts/lib/migrate/ops/types.js';
import { parsePython } from '../../../scripts/lib/parse/python.js';
import { migration } from '../rules/harness.js';

async function upgradeOps(body: string): Promise<Operation[]> {
  return readOperations((await parsePython(migration({ upgrade: body }))).rootNode).upgrade.ops;
}

describe('renderOperation', () => {
  it('writes each operation back in the style it was read, plain or batch', async () => {
    const ops = await upgradeOps(
      [
        'op.create_index(op.f("ix_user_name"), "user", ["name"], unique=False)',
        'with op.batch_alter_table("user", schema=None) as batch_op:',
        '    batch_op.create_foreign_key(batch_op.f("fk_user_team_id_team"), "team", ["team_id"], ["id"], ondelete="CASCADE")',
        '    batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=False)',
        '    batch_op.add_column(sa.Column("bio", sa.Text(), nullable=True))',
        'op.drop_constraint("uq_user_email", "user", type_="unique")',
      ].join('\n'),
    );
    expect(ops.map(renderOperation)).toEqual([
      'op.create_index(op.f("ix_user_name"), "user", ["name"], unique=False)',
      'batch_op.create_foreign_key(batch_op.f("fk_user_team_id_team"), "team", ["team_id"], ["id"], ondelete="CASCADE")',
      'batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=False)',
      'batch_op.add_column(sa.Column("bio", sa.Text(), nullable=True))',
      'op.drop_constraint("uq_user_email", "user", type_="unique")',
    ]);
    expect(placed(ops[1] as Operation)).toBe('`batch_op.create_foreign_key(batch_op.f("fk_user_team_id_team"), "team", ["team_id"], ["id"], ondelete="CASCADE")` inside `with op.batch_alter_table("user", schema=None) as batch_op:`');
  });

  it('gives the exact inverse for the downgrade', async () => {
    const ops = await upgradeOps('with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.create_index(batch_op.f("ix_user_bio"), ["bio"], unique=False)\nop.alter_column("user", "nick", new_column_name="handle", existing_type=sa.String(length=64), type_=sa.String(length=80))');
    expect(ops.flatMap((op) => expectationsOf(op, undefined)).map((expectation) => renderOperation(expectation.inverse))).toEqual([
      'batch_op.drop_index(batch_op.f("ix_user_bio"))',
      'op.alter_column("user", "handle", new_column_name="nick", existing_type=sa.String(length=80), type_=sa.String(length=64))',
      'op.alter_column("user", "handle", new_column_name="nick", existing_type=sa.String(length=80), type_=sa.String(length=64))',
    ]);
  });
});

describe('related', () => {
  it('links operations that share a table or a column, not neighbours', async () => {
    const [addBio, indexBio, addAge, dropTeam, fkTeam] = await upgradeOps(
      'op.add_column("user", sa.Column("bio", sa.Text()))\nop.create_index("ix_user_bio", "user", ["bio"])\nop.add_column("user", sa.Column("age", sa.Integer()))\nop.drop_table("team")\nop.create_foreign_key("fk", "user", "team", ["team_id"], ["id"])',
    );
    expect(related(addBio as Operation, indexBio as Operation)).toBe(true);
    expect(related(addBio as Operation, addAge as Operation)).toBe(false);
    expect(related(dropTeam as Operation, fkTeam as Operation)).toBe(true);
  });
});

describe('summarizeSql', () => {
  it('tells DDL from row changes and reads the tables DDL names', () => {
    expect(summarizeSql('UPDATE "user" SET a = 1; -- note\nINSERT INTO audit (x) VALUES (1)')).toEqual({
      ddl: false,
      ddlTables: [],
      writesRows: true,
      writtenTables: ['user', 'audit'],
      sets: [{ table: 'user', column: 'a', source: null }],
    });
    expect(summarizeSql('/* x */ ALTER TABLE "user" ADD COLUMN a INT; CREATE UNIQUE INDEX CONCURRENTLY ix ON public.post (a)')).toEqual({ ddl: true, ddlTables: ['user', 'post'], writesRows: false, writtenTables: [], sets: [] });
    expect(summarizeSql('DROP INDEX ix_a')).toEqual({ ddl: true, ddlTables: null, writesRows: false, writtenTables: [], sets: [] });
    expect(summarizeSql('WITH t AS (SELECT 1) UPDATE post SET a = 1').writtenTables).toEqual(['post']);
  });
});

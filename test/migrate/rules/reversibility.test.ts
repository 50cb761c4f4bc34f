import { describe, expect, it } from 'vitest';
import { analyze, fixture, lineOf, migration, only, ruleTester } from './harness.js';

const addBio = 'op.add_column("user", sa.Column("headline", sa.String(length=120), nullable=True))';

const createActivity = `op.create_table("activity",
sa.Column("id", sa.Integer(), nullable=False),
sa.Column("user_id", sa.Integer(), nullable=True),
sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_activity_user_id_user")),
sa.PrimaryKeyConstraint("id", name=op.f("pk_activity"))
)`;

const missingIndexDrop = fixture('2c3d4e5f6a7b_forgot_drop_index.py');
const wrongOrder = migration({
  upgrade: `${addBio}\nop.create_index(op.f("ix_user_headline"), "user", ["headline"], unique=False)`,
  downgrade: 'op.drop_column("user", "headline")\nop.drop_index(op.f("ix_user_headline"), table_name="user")',
});
const wrongTableOrder = migration({
  upgrade: `op.create_table("team", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id", name=op.f("pk_team")))
op.create_table("member",
sa.Column("id", sa.Integer(), nullable=False),
sa.Column("team_id", sa.Integer(), nullable=False),
sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_member_team_id_team")),
sa.PrimaryKeyConstraint("id", name=op.f("pk_member"))
)`,
  downgrade: 'op.drop_table("team")\nop.drop_table("member")',
});
const fkMissing = migration({
  upgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.create_foreign_key(batch_op.f("fk_post_title_user"), "user", ["title"], ["email"])',
  downgrade: 'op.execute(sa.text("DELETE FROM post WHERE title IS NULL"))',
});
const uniqueWrongType = migration({
  upgrade: 'op.create_unique_constraint(op.f("uq_user_name"), "user", ["name"])',
  downgrade: 'op.drop_constraint(op.f("uq_user_name"), "user", type_="foreignkey")',
});
const typeWrongRestore = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("nickname", existing_type=sa.String(length=64), type_=sa.String(length=128))',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("nickname", existing_type=sa.String(length=128), type_=sa.String(length=32))',
});
const typePlain = migration({
  upgrade: 'op.alter_column("user", "score", existing_type=sa.Integer(), type_=sa.BigInteger())',
  downgrade: 'op.execute(sa.text("SELECT 1"))',
});
const nullableNotRestored = migration({
  upgrade: 'op.alter_column("user", "email", existing_type=sa.String(length=255), nullable=True)',
  downgrade: 'op.execute(sa.text("UPDATE \\"user\\" SET email = \'\' WHERE email IS NULL"))',
});
const nullableWrongValue = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=255), existing_nullable=True, nullable=False, server_default="anonymous")',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=False, server_default=None)',
});
const renameNotReversed = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("nickname", new_column_name="handle")',
  downgrade: 'pass\nop.execute(sa.text("SELECT 1"))',
});
const renameWrongName = migration({
  upgrade: 'op.alter_column("user", "nickname", new_column_name="handle")',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("handle", new_column_name="nick")',
});
const readdedOtherType = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.drop_column("nickname")',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("nickname", sa.Text(), nullable=False))',
});
const recreatedTableDiffers = migration({
  upgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.drop_index(batch_op.f("ix_post_title"))\n    batch_op.drop_index(batch_op.f("ix_post_user_id"))\nop.drop_table("post")',
  downgrade:
    'op.create_table("post", sa.Column("id", sa.Integer(), nullable=False), sa.Column("title", sa.String(length=255), nullable=False), sa.PrimaryKeyConstraint("id", name=op.f("pk_post")))\nwith op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.create_index(batch_op.f("ix_post_user_id"), ["user_id"], unique=False)\n    batch_op.create_index(batch_op.f("ix_post_title"), ["title", "id"], unique=False)',
});
const extraDrop = migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")\nop.drop_column("user", "bio")' });
const opaqueOnly = fixture('2c3d4e5f6a7b_opaque.py')
  .replace(/def downgrade\(\):[\s\S]*$/, 'def downgrade():\n    pass\n')
  .replace(/\n {4}with op\.batch_alter_table[\s\S]*?nullable=False\)\n/, '\n');
const opaqueDowngrade = migration({ upgrade: addBio, downgrade: 'for name in ["headline"]:\n    op.drop_column("user", name)' });

ruleTester('downgrade-not-inverse', {
  defaultSeverity: 'error',
  valid: [
    { name: 'autogenerated create_table, batch index and foreign key', code: fixture('2c3d4e5f6a7b_add_activity.py') },
    { name: 'add_column / drop_column', code: migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' }) },
    {
      name: 'batch add_column undone by a plain drop_column',
      code: migration({ upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("headline", sa.String(length=120), nullable=True))', downgrade: 'op.drop_column("user", "headline")' }),
    },
    {
      name: 'create_index with op.f, drop_index with table_name and op.f, in reverse order',
      code: migration({
        upgrade: `${addBio}\nop.create_index(op.f("ix_user_headline"), "user", ["headline"], unique=False)`,
        downgrade: 'op.drop_index(op.f("ix_user_headline"), table_name="user")\nop.drop_column("user", "headline")',
      }),
    },
    {
      name: 'batch index dropped by a plain drop_index with the plain name',
      code: migration({
        upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.create_index(batch_op.f("ix_user_name"), ["name"], unique=False)',
        downgrade: 'op.drop_index("ix_user_name")',
      }),
    },
    {
      name: 'unique constraint and its drop_constraint(type_="unique")',
      code: migration({ upgrade: 'op.create_unique_constraint(op.f("uq_user_name"), "user", ["name"])', downgrade: 'op.drop_constraint(op.f("uq_user_name"), "user", type_="unique")' }),
    },
    {
      name: 'check constraint, batch in upgrade and plain in downgrade',
      code: migration({
        upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.create_check_constraint("ck_user_score", "score >= 0")',
        downgrade: 'op.drop_constraint("ck_user_score", "user", type_="check")',
      }),
    },
    { name: 'alter_column type restored from existing_type', code: typeWrongRestore.replace('sa.String(length=32)', 'sa.String(length=64)') },
    {
      name: 'alter_column nullable restored (existing_nullable given)',
      code: migration({
        upgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), existing_nullable=True, nullable=False)',
        downgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), existing_nullable=False, nullable=True)',
      }),
    },
    {
      name: 'alter_column rename reversed, batch in downgrade only',
      code: migration({ upgrade: 'op.alter_column("user", "nickname", new_column_name="handle")', downgrade: 'with op.batch_alter_table("user") as b:\n    b.alter_column("handle", new_column_name="nickname")' }),
    },
    {
      name: 'dropped column re-added as it was before (from the replay)',
      code: migration({
        upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.drop_column("nickname")',
        downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("nickname", sa.VARCHAR(length=64), nullable=True))',
      }),
    },
    { name: 'indexes on a new table go with drop_table', code: migration({ upgrade: `${createActivity}\nop.create_index(op.f("ix_activity_user_id"), "activity", ["user_id"])`, downgrade: 'op.drop_table("activity")' }) },
    { name: 'downgrade() that raises is left to empty-downgrade', code: migration({ upgrade: addBio, downgrade: 'raise NotImplementedError("irreversible")' }) },
    { name: 'data-only upgrade', code: migration({ upgrade: 'op.execute(sa.text("UPDATE post SET title = trim(title)"))', downgrade: 'pass' }) },
    {
      name: 'plain foreign key and its drop_constraint(type_="foreignkey")',
      code: migration({ upgrade: 'op.create_foreign_key(op.f("fk_post_title_user"), "post", "user", ["title"], ["email"], ondelete="CASCADE")', downgrade: 'op.drop_constraint(op.f("fk_post_title_user"), "post", type_="foreignkey")' }),
    },
    {
      name: 'dropped table recreated exactly (batch indexes first)',
      code: migration({
        upgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.drop_index(batch_op.f("ix_post_title"))\n    batch_op.drop_index(batch_op.f("ix_post_user_id"))\n\nop.drop_table("post")',
        downgrade:
          'op.create_table("post",\nsa.Column("id", sa.INTEGER(), nullable=False),\nsa.Column("user_id", sa.INTEGER(), nullable=True),\nsa.Column("title", sa.VARCHAR(length=255), nullable=False),\nsa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_post_user_id_user", ondelete="CASCADE"),\nsa.PrimaryKeyConstraint("id", name="pk_post")\n)\nwith op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.create_index("ix_post_user_id", ["user_id"], unique=False)\n    batch_op.create_index("ix_post_title", ["title"], unique=False)',
      }),
    },
    { name: 'comment-only alter_column undone', code: migration({ upgrade: 'op.alter_column("user", "bio", existing_type=sa.Text(), comment="About me")', downgrade: 'op.alter_column("user", "bio", existing_type=sa.Text(), comment=None, existing_comment="About me")' }) },
  ],
  invalid: [
    { name: 'create_table never dropped', code: migration({ upgrade: createActivity, downgrade: 'op.execute(sa.text("DELETE FROM post"))' }), lines: [lineOf(migration({ upgrade: createActivity }), 'op.create_table("activity"')], message: 'leaves table `activity` behind', help: 'op.drop_table("activity")' },
    { name: 'add_column never dropped', code: migration({ upgrade: `${addBio}\nop.add_column("user", sa.Column("tagline", sa.Text(), nullable=True))`, downgrade: 'op.drop_column("user", "tagline")' }), lines: [lineOf(migration({ upgrade: addBio }), addBio)], help: 'op.drop_column("user", "headline")' },
    {
      name: 'batch create_index never dropped (the column is dropped first)',
      code: missingIndexDrop,
      lines: [lineOf(missingIndexDrop, "batch_op.create_index(batch_op.f('ix_user_headline')")],
      help: 'in downgrade(), add `batch_op.drop_index(batch_op.f("ix_user_headline"))` inside `with op.batch_alter_table("user", schema=None) as batch_op:`, before `batch_op.drop_column("headline")` (line 26)',
    },
    { name: 'foreign key never dropped', code: fkMissing, lines: [lineOf(fkMissing, 'create_foreign_key')], help: 'batch_op.drop_constraint(batch_op.f("fk_post_title_user"), type_="foreignkey")' },
    { name: 'unique constraint dropped as the wrong type', code: uniqueWrongType, lines: [lineOf(uniqueWrongType, 'op.drop_constraint')], message: 'type_="foreignkey"' },
    { name: 'alter_column type restored to another type (batch)', code: typeWrongRestore, lines: [lineOf(typeWrongRestore, 'type_=sa.String(length=32)')], message: 'String(32), but it was String(64)' },
    { name: 'alter_column type not restored (plain)', code: typePlain, lines: [lineOf(typePlain, 'type_=sa.BigInteger()')], help: 'op.alter_column("user", "score", existing_type=sa.BigInteger(), type_=sa.Integer())' },
    { name: 'alter_column nullable not restored', code: nullableNotRestored, lines: [lineOf(nullableNotRestored, 'nullable=True')], message: 'leaves `user.email` nullable' },
    { name: 'alter_column nullable restored to the wrong value; default restored', code: nullableWrongValue, lines: [lineOf(nullableWrongValue, 'server_default=None')], message: 'but the column was nullable' },
    { name: 'rename not reversed (batch)', code: renameNotReversed, lines: [lineOf(renameNotReversed, 'new_column_name="handle"')], help: 'batch_op.alter_column("handle", new_column_name="nickname")' },
    { name: 'rename reversed to another name', code: renameWrongName, lines: [lineOf(renameWrongName, 'new_column_name="nick"')], message: 'not back to `nickname`' },
    { name: 'dropped column re-added with another type and nullability', code: readdedOtherType, lines: [lineOf(readdedOtherType, 'add_column')], message: 'type Text instead of String(64), NOT NULL instead of NULL' },
    { name: 'dropped table recreated without a column, index recreated on other columns', code: recreatedTableDiffers, lines: [lineOf(recreatedTableDiffers, 'op.create_table("post"'), lineOf(recreatedTableDiffers, '["title", "id"]')] },
    { name: 'wrong order: column dropped before its index', code: wrongOrder, lines: [lineOf(wrongOrder, 'op.drop_index')], message: 'after `op.drop_column("user", "headline")`' },
    { name: 'wrong order: referenced table dropped first', code: wrongTableOrder, lines: [lineOf(wrongTableOrder, 'op.drop_table("member")')] },
    { name: 'downgrade drops a column upgrade never added', code: extraDrop, lines: [lineOf(extraDrop, 'op.drop_column("user", "bio")')], message: 'undoes nothing upgrade() did' },
    { name: 'opaque downgrade: cannot verify, as info', code: opaqueDowngrade, lines: [lineOf(opaqueDowngrade, addBio)], severity: 'info', message: 'Cannot verify' },
  ],
});

ruleTester('empty-downgrade', {
  defaultSeverity: 'error',
  valid: [
    { name: 'downgrade undoes upgrade', code: migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' }) },
    { name: 'data-only upgrade with an empty downgrade', code: migration({ upgrade: 'op.execute(sa.text("UPDATE post SET title = trim(title)"))', downgrade: 'pass' }) },
    { name: 'autogenerated no-op revision', code: migration({ upgrade: 'pass', downgrade: 'pass' }) },
  ],
  invalid: [
    { name: 'pass while upgrade adds a column', code: migration({ upgrade: addBio, downgrade: '# ### commands auto generated by Alembic ###\npass' }), lines: [lineOf(migration({ upgrade: addBio }), 'def downgrade')], help: 'starting with `op.drop_column("user", "headline")`' },
    {
      name: 'no downgrade() at all',
      code: migration({ upgrade: 'with op.batch_alter_table("user") as batch_op:\n    batch_op.add_column(sa.Column("x", sa.Integer()))' }).replace(/\n\ndef downgrade\(\):\n {4}pass\n/, '\n'),
      lines: [lineOf(migration({ upgrade: addBio }), 'def upgrade')],
      message: 'There is no downgrade()',
    },
    { name: 'downgrade raises: accepted, as info', code: migration({ upgrade: addBio, downgrade: 'raise NotImplementedError("irreversible: data is gone")' }), lines: [lineOf(migration({ upgrade: addBio, downgrade: 'raise NotImplementedError("irreversible: data is gone")' }), 'raise')], severity: 'info' },
    { name: 'opaque upgrade with an empty downgrade: cannot verify', code: opaqueOnly, lines: [lineOf(opaqueOnly, 'def downgrade')], severity: 'info', message: 'a for loop' },
  ],
});

ruleTester('empty-upgrade', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'upgrade with operations', code: migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' }) },
    { name: 'merge revision', code: migration({ upgrade: 'pass', down: ['1a2b3c4d5e6f', '9f8e7d6c5b4a'] }), history: [fixture('history/1a2b3c4d5e6f_create_user_and_post.py'), migration({ upgrade: 'pass', revision: '9f8e7d6c5b4a', down: '1a2b3c4d5e6f' })] },
    { name: 'first revision of a named branch', code: migration({ upgrade: 'pass', branchLabels: ['contract'] }) },
  ],
  invalid: [
    { name: 'autogenerated "no changes"', code: migration({ upgrade: '# ### commands auto generated by Alembic - please adjust! ###\npass\n# ### end Alembic commands ###' }), lines: [lineOf(migration({ upgrade: 'pass' }), 'def upgrade')] },
    { name: 'docstring and pass only', code: migration({ upgrade: '"""Nothing yet."""\npass', downgrade: 'op.drop_column("user", "x")' }), lines: [lineOf(migration({ upgrade: 'pass' }), 'def upgrade')] },
  ],
});

describe('downgrade-not-inverse messages', () => {
  it('the forgotten drop_index finding names the index and where the fix goes', async () => {
    const [finding] = only(await analyze(missingIndexDrop), 'downgrade-not-inverse');
    expect(finding?.message).toBe(
      "downgrade() never undoes `batch_op.create_index(batch_op.f(\"ix_user_headline\"), [\"headline\"], unique=False)`, so a downgrade leaves index `ix_user_headline` behind (or fails to drop its column) and the next upgrade fails because it already exists.",
    );
  });

  it('the fixed file has no finding', async () => {
    const fixed = missingIndexDrop.replace("        batch_op.drop_column('headline')", "        batch_op.drop_index(batch_op.f('ix_user_headline'))\n        batch_op.drop_column('headline')");
    expect(only(await analyze(fixed), 'downgrade-not-inverse')).toEqual([]);
  });
});

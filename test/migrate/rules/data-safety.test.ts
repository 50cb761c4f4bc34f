import { fixture, lineOf, migration, ruleTester } from './harness.js';

const dropPost = migration({
  upgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.drop_index(batch_op.f("ix_post_title"))\n    batch_op.drop_index(batch_op.f("ix_post_user_id"))\n\nop.drop_table("post")',
  downgrade: 'raise NotImplementedError("irreversible")',
});
const dropBatch = migration({ upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.drop_column("score")', downgrade: 'raise NotImplementedError("irreversible")' });
const dropPlain = migration({ upgrade: 'op.drop_column("user", "score")', downgrade: 'op.add_column("user", sa.Column("score", sa.Integer(), nullable=True))' });

ruleTester('drop-table', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'drop_table in downgrade()', code: fixture('2c3d4e5f6a7b_add_activity.py') },
    { name: 'no drop at all', code: migration({ upgrade: 'op.create_index("ix_user_name", "user", ["name"])', downgrade: 'op.drop_index("ix_user_name", table_name="user")' }) },
  ],
  invalid: [{ name: 'drop_table in upgrade()', code: dropPost, lines: [lineOf(dropPost, 'op.drop_table')], message: 'Dropping table `post` destroys its data' }],
});

ruleTester('drop-column', {
  defaultSeverity: 'warning',
  valid: [{ name: 'drop_column in downgrade()', code: migration({ upgrade: 'op.add_column("user", sa.Column("x", sa.Integer(), nullable=True))', downgrade: 'op.drop_column("user", "x")' }) }],
  invalid: [
    { name: 'batch drop_column', code: dropBatch, lines: [lineOf(dropBatch, 'batch_op.drop_column')], message: '`user.score`' },
    { name: 'plain drop_column', code: dropPlain, lines: [lineOf(dropPlain, 'op.drop_column')] },
  ],
});

const addNotNull = migration({ upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=False))', downgrade: 'op.drop_column("user", "plan")' });
const addNotNullBatch = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("plan", sa.String(length=20), nullable=False))',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.drop_column("plan")',
});
const alterNoBackfill = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=False)',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=True)',
});
const addThenTighten = migration({
  upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))\nop.alter_column("user", "plan", existing_type=sa.String(length=20), nullable=False)',
  downgrade: 'op.drop_column("user", "plan")',
});
const opaqueFixture = fixture('2c3d4e5f6a7b_opaque.py');
const bindBackfill = (table: string) =>
  migration({
    upgrade: `bind = op.get_bind()\nfor (user_id,) in bind.execute(sa.text('SELECT id FROM "user"')):\n    bind.execute(sa.text('UPDATE ${table} SET name = :n WHERE id = :i'), {"n": "anonymous", "i": user_id})\nop.alter_column("user", "name", existing_type=sa.String(length=255), nullable=False)`,
    downgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), nullable=True)',
  });

ruleTester('not-null-without-default', {
  defaultSeverity: 'error',
  valid: [
    { name: 'NOT NULL with a server_default', code: migration({ upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), server_default="free", nullable=False))', downgrade: 'op.drop_column("user", "plan")' }) },
    { name: 'NOT NULL columns of a table created in the same migration', code: fixture('2c3d4e5f6a7b_add_activity.py') },
    {
      name: 'NOT NULL column added to a table created earlier in the same upgrade',
      code: migration({ upgrade: 'op.create_table("tag", sa.Column("id", sa.Integer(), nullable=False))\nop.add_column("tag", sa.Column("label", sa.String(length=20), nullable=False))', downgrade: 'op.drop_table("tag")' }),
    },
    { name: 'nullable column', code: migration({ upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))', downgrade: 'op.drop_column("user", "plan")' }) },
    { name: 'alter to NOT NULL after a backfill', code: alterNoBackfill.replace('with op.batch_alter_table', 'op.execute(sa.text("UPDATE \\"user\\" SET name = \'\' WHERE name IS NULL"))\nwith op.batch_alter_table') },
    { name: 'alter to NOT NULL after a backfill through op.get_bind()', code: bindBackfill('"user"') },
    { name: 'alter of a column already NOT NULL (known from the replay)', code: migration({ upgrade: 'op.alter_column("user", "email", type_=sa.String(length=320), nullable=False)', downgrade: 'op.alter_column("user", "email", type_=sa.String(length=255), nullable=False)' }) },
    { name: 'alter that keeps NOT NULL (existing_nullable=False)', code: migration({ upgrade: 'op.alter_column("user", "email", existing_type=sa.String(length=255), existing_nullable=False, nullable=False, type_=sa.String(length=320))', downgrade: 'op.alter_column("user", "email", existing_type=sa.String(length=320), type_=sa.String(length=255))' }) },
  ],
  invalid: [
    { name: 'plain add_column NOT NULL without default', code: addNotNull, lines: [lineOf(addNotNull, 'op.add_column')], help: 'server_default' },
    { name: 'batch add_column NOT NULL without default', code: addNotNullBatch, lines: [lineOf(addNotNullBatch, 'batch_op.add_column')] },
    { name: 'alter_column to NOT NULL without a backfill (batch)', code: alterNoBackfill, lines: [lineOf(alterNoBackfill, 'nullable=False')], help: 'UPDATE user SET name = ... WHERE name IS NULL' },
    { name: 'column added nullable then tightened without a backfill', code: addThenTighten, lines: [lineOf(addThenTighten, 'op.alter_column')] },
    { name: 'a backfill of another table does not count', code: bindBackfill('post'), lines: [lineOf(bindBackfill('post'), 'op.alter_column')] },
    { name: 'opaque code before the alter: cannot verify', code: opaqueFixture, lines: [lineOf(opaqueFixture, 'nullable=False')], severity: 'info', message: 'Cannot verify' },
  ],
});

const shorter = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=255), type_=sa.String(length=64), existing_nullable=True)',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=64), type_=sa.String(length=255), existing_nullable=True)',
});
const textToString = migration({ upgrade: 'op.alter_column("user", "bio", type_=sa.String(length=500))', downgrade: 'op.alter_column("user", "bio", type_=sa.Text())' });
const smaller = migration({ upgrade: 'op.alter_column("user", "score", existing_type=sa.Integer(), type_=sa.SmallInteger())', downgrade: 'op.alter_column("user", "score", existing_type=sa.SmallInteger(), type_=sa.Integer())' });

ruleTester('type-narrowing', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'widening String(64) -> String(128)', code: migration({ upgrade: 'op.alter_column("user", "nickname", existing_type=sa.String(length=64), type_=sa.String(length=128))', downgrade: 'op.alter_column("user", "nickname", existing_type=sa.String(length=128), type_=sa.String(length=64))' }) },
    { name: 'String -> Text', code: migration({ upgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), type_=sa.Text())', downgrade: 'op.alter_column("user", "name", existing_type=sa.Text(), type_=sa.String(length=255))' }) },
    { name: 'old type unknown (no existing_type, no history)', code: textToString, history: [], replay: false },
  ],
  invalid: [
    { name: 'String(255) -> String(64), batch', code: shorter, lines: [lineOf(shorter, 'type_=sa.String(length=64)')], message: 'from String(255) to String(64)' },
    { name: 'Text -> String(500), old type from the replay', code: textToString, lines: [lineOf(textToString, 'type_=sa.String')], message: 'from Text to String(500)' },
    { name: 'Integer -> SmallInteger', code: smaller, lines: [lineOf(smaller, 'type_=sa.SmallInteger()')] },
  ],
});

const renameShape = migration({
  upgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("handle", sa.String(length=64), nullable=True))\n    batch_op.drop_column("nickname")',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("nickname", sa.VARCHAR(length=64), nullable=True))\n    batch_op.drop_column("handle")',
});

ruleTester('probable-rename', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'a real rename', code: migration({ upgrade: 'op.alter_column("user", "nickname", new_column_name="handle")', downgrade: 'op.alter_column("user", "handle", new_column_name="nickname")' }) },
    { name: 'dropped and added columns of different types', code: renameShape.replace('sa.Column("handle", sa.String(length=64)', 'sa.Column("handle", sa.Integer()') },
    {
      name: 'on different tables',
      code: migration({
        upgrade: 'op.add_column("post", sa.Column("handle", sa.String(length=64), nullable=True))\nop.drop_column("user", "nickname")',
        downgrade: 'op.add_column("user", sa.Column("nickname", sa.String(length=64), nullable=True))\nop.drop_column("post", "handle")',
      }),
    },
  ],
  invalid: [
    { name: 'drop + add of the same type, batch (type from the replay)', code: renameShape, lines: [lineOf(renameShape, 'batch_op.drop_column("nickname")')], help: 'batch_op.alter_column("nickname", new_column_name="handle", existing_type=sa.String(length=64))' },
    { name: 'type from downgrade() when there is no history', code: renameShape, history: [], replay: false, lines: [lineOf(renameShape, 'batch_op.drop_column("nickname")')] },
  ],
});

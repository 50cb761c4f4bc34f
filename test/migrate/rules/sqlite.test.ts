import { lineOf, migration, ruleTester } from './harness.js';

const sqlite = { dialect: 'sqlite' as const };
const alterPlain = migration({
  upgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), nullable=False)',
  downgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), nullable=True)',
});
const dropPlain = migration({ upgrade: 'op.drop_column("user", "nickname")', downgrade: 'op.add_column("user", sa.Column("nickname", sa.String(length=64), nullable=True))' });
const constraints = migration({
  upgrade: 'op.create_foreign_key(op.f("fk_post_title_user"), "post", "user", ["title"], ["email"])\nop.create_unique_constraint(op.f("uq_user_name"), "user", ["name"])',
  downgrade: 'op.drop_constraint(op.f("uq_user_name"), "user", type_="unique")\nop.drop_constraint(op.f("fk_post_title_user"), "post", type_="foreignkey")',
});
const addWithFk = migration({
  upgrade: 'op.add_column("post", sa.Column("editor_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_post_editor_id_user"), nullable=True))',
  downgrade: 'with op.batch_alter_table("post") as batch_op:\n    batch_op.drop_column("editor_id")',
});
const addWithNow = migration({
  upgrade: 'op.add_column("user", sa.Column("seen_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=True))',
  downgrade: 'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.drop_column("seen_at")',
});
const batched = migration({
  upgrade:
    'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=False)\n    batch_op.create_unique_constraint(batch_op.f("uq_user_name"), ["name"])\n    batch_op.drop_column("nickname")',
  downgrade:
    'with op.batch_alter_table("user", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("nickname", sa.String(length=64), nullable=True))\n    batch_op.drop_constraint(batch_op.f("uq_user_name"), type_="unique")\n    batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=True)',
});

ruleTester('sqlite-needs-batch', {
  defaultSeverity: 'error',
  valid: [
    { name: 'the same changes in batch mode', code: batched, ...sqlite },
    { name: 'plain ALTER on PostgreSQL', code: alterPlain, dialect: 'postgresql' },
    { name: 'dialect unknown', code: alterPlain },
    { name: 'plain add_column, create_index, rename-only alter_column', ...sqlite, code: migration({ upgrade: 'op.add_column("user", sa.Column("x", sa.Integer(), server_default="0", nullable=True))\nop.create_index("ix_user_x", "user", ["x"])\nop.alter_column("user", "nickname", new_column_name="handle")', downgrade: 'op.alter_column("user", "handle", new_column_name="nickname")\nop.drop_index("ix_user_x", table_name="user")\nwith op.batch_alter_table("user") as batch_op:\n    batch_op.drop_column("x")' }) },
  ],
  invalid: [
    { name: 'plain alter_column, in upgrade and downgrade', code: alterPlain, ...sqlite, lines: [lineOf(alterPlain, 'nullable=False'), lineOf(alterPlain, 'nullable=True')], help: 'batch_op.alter_column("name", existing_type=sa.String(length=255), nullable=False)' },
    { name: 'plain drop_column', code: dropPlain, ...sqlite, lines: [lineOf(dropPlain, 'op.drop_column')], help: 'with op.batch_alter_table("user", schema=None) as batch_op:` then `batch_op.drop_column("nickname")`' },
    { name: 'plain constraints', code: constraints, ...sqlite, lines: [15, 16, 20, 21] },
    { name: 'add_column with a ForeignKey', code: addWithFk, ...sqlite, lines: [lineOf(addWithFk, 'op.add_column')], message: 'raises NotImplementedError' },
    { name: 'add_column with a non-constant default', code: addWithNow, ...sqlite, lines: [lineOf(addWithNow, 'op.add_column')], message: 'non-constant default' },
  ],
});

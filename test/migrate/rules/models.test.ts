import { fixture, lineOf, migration, ruleTester } from './harness.js';

const activity = fixture('2c3d4e5f6a7b_add_activity.py');
const models = fixture('history/models.py');
const upgradeLine = lineOf(activity, 'def upgrade');
const createLine = lineOf(activity, "op.create_table('activity'");
const withModels = (source: string) => ({ models: [source] });
const later = migration({ revision: '3d4e5f6a7b8c', down: '2c3d4e5f6a7b', upgrade: 'op.create_index("ix_user_name", "user", ["name"])', downgrade: 'op.drop_index("ix_user_name", table_name="user")' });

ruleTester('model-mismatch', {
  defaultSeverity: 'error',
  valid: [
    { name: 'migrations and models agree', code: activity, ...withModels(models) },
    { name: 'without models', code: activity },
    { name: 'not the head revision', code: activity, history: [fixture('history/1a2b3c4d5e6f_create_user_and_post.py'), later], ...withModels(models.replace('bio = Column(Text, nullable=True)', 'bio = Column(String(255), nullable=True)')) },
  ],
  invalid: [
    { name: 'type differs (Text vs String(255))', code: activity, ...withModels(models.replace('bio = Column(Text, nullable=True)', 'bio = Column(String(255), nullable=True)')), lines: [upgradeLine], message: 'is Text after the migrations but String(255) in the model (app/models0.py:', help: 'change the column in a new revision: `op.alter_column("user", "bio", existing_type=sa.Text(), type_=sa.String(length=255))`' },
    {
      name: 'the head revision itself adds a column unlike the model: fix it here',
      code: migration({ upgrade: 'op.add_column("user", sa.Column("avatar", sa.Text(), nullable=True))', downgrade: 'op.drop_column("user", "avatar")' }),
      ...withModels(models.replace('    score = Column(Integer, nullable=True)', '    score = Column(Integer, nullable=True)\n    avatar = Column(String(255), nullable=True)').replace(/@dataclasses.dataclass\nclass Activity[\s\S]*$/, '')),
      lines: [lineOf(migration({ upgrade: 'x' }), 'x')],
      help: 'change the column in this revision: `op.alter_column("user", "avatar", existing_type=sa.Text(), type_=sa.String(length=255))`',
    },
    { name: 'length differs', code: activity, ...withModels(models.replace('nickname = Column(String(64)', 'nickname = Column(String(32)')), lines: [upgradeLine], message: 'String(64) after the migrations but String(32)' },
    { name: 'model column missing from the migrations', code: activity, ...withModels(models.replace('    score = Column(Integer, nullable=True)', '    score = Column(Integer, nullable=True)\n    avatar = Column(String(255), nullable=True)')), lines: [upgradeLine], help: 'op.add_column("user", sa.Column("avatar", sa.String(length=255), nullable=True))' },
    { name: 'column the model does not declare', code: activity, ...withModels(models.replace('    score = Column(Integer, nullable=True)\n', '')), lines: [upgradeLine], message: '`user.score` exists after the migrations but not in the model' },
    { name: 'nullability differs', code: activity, ...withModels(models.replace('name = Column(String(255), nullable=True)', 'name = Column(String(255), nullable=False)')), lines: [upgradeLine], message: 'nullable after the migrations but NOT NULL in the model' },
    { name: 'index the migrations never create', code: activity, ...withModels(models.replace('nickname = Column(String(64), nullable=True)', 'nickname = Column(String(64), nullable=True, index=True)')), lines: [upgradeLine], help: 'op.create_index(op.f("ix_user_nickname"), "user", ["nickname"], unique=False)' },
    { name: 'index the model does not declare (on the head migration\'s own table)', code: activity, ...withModels(models.replace('user_id = Column(Integer, ForeignKey("user.id"), index=True)', 'user_id = Column(Integer, ForeignKey("user.id"))')), lines: [createLine], message: 'index `ix_activity_user_id`' },
    { name: 'unique differs', code: activity, ...withModels(models.replace('email = Column(String(255), unique=True, nullable=False)', 'email = Column(String(255), nullable=False)')), lines: [upgradeLine], message: 'is unique after the migrations but not unique in the model' },
    { name: 'foreign key ondelete differs', code: activity, ...withModels(models.replace('ForeignKey("user.id", ondelete="CASCADE")', 'ForeignKey("user.id")')), lines: [upgradeLine], message: 'ON DELETE CASCADE after the migrations' },
    { name: 'foreign key missing from the migrations', code: activity, ...withModels(models.replace('score = Column(Integer, nullable=True)', 'score = Column(Integer, ForeignKey("post.id"), nullable=True)')), lines: [upgradeLine], help: 'op.create_foreign_key(op.f("fk_user_score_post"), "user", "post", ["score"], ["id"])' },
    { name: 'model table never created', code: activity, ...withModels(`${models}\n\nclass Tag(Base):\n    __tablename__ = "tag"\n\n    id = Column(Integer, primary_key=True)\n`), lines: [upgradeLine], message: 'Table `tag` of the model' },
    { name: 'several differences in one migration: one finding each', code: later, history: [fixture('history/1a2b3c4d5e6f_create_user_and_post.py'), activity], ...withModels(models.replace('bio = Column(Text, nullable=True)', 'bio = Column(String(255), nullable=True)')), lines: [lineOf(later, 'op.create_index'), lineOf(later, 'op.create_index')] },
    {
      name: 'a data migration through op.get_bind() leaves the comparison certain',
      code: migration({ upgrade: 'bind = op.get_bind()\nif bind.dialect.name == "sqlite":\n    bind.execute(sa.text("UPDATE post SET title = trim(title)"))', downgrade: 'pass' }),
      ...withModels(models.replace('bio = Column(Text, nullable=True)', 'bio = Column(String(255), nullable=True)').replace(/@dataclasses.dataclass\nclass Activity[\s\S]*$/, '')),
      lines: [lineOf(migration({ upgrade: 'x' }), 'def upgrade')],
      message: 'is Text after the migrations but String(255)',
    },
    {
      name: 'a model file that does not parse, read only up to the error: cannot verify, as info',
      code: activity,
      ...withModels(models.replace('nickname = Column(String(64), nullable=True)', 'nickname = Column(String(64), nullable=True')),
      lines: [upgradeLine],
      severity: 'info',
      message: 'Cannot verify table `user` against its model (3 apparent differences',
      help: 'fix app/models0.py first',
    },
    { name: 'opaque code touched the schema: cannot verify, as info', code: fixture('2c3d4e5f6a7b_opaque.py'), ...withModels(models.replace('bio = Column(Text, nullable=True)', 'bio = Column(String(255), nullable=True)')), lines: [lineOf(fixture('2c3d4e5f6a7b_opaque.py'), 'def upgrade'), lineOf(fixture('2c3d4e5f6a7b_opaque.py'), 'batch_op.alter_column')], severity: 'info', message: 'Cannot verify' },
  ],
});

const typo = migration({
  upgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.create_foreign_key(batch_op.f("fk_post_user_id_users"), "users", ["user_id"], ["id"])',
  downgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.drop_constraint(batch_op.f("fk_post_user_id_users"), type_="foreignkey")',
});
const toTag = migration({ upgrade: 'op.add_column("post", sa.Column("tag_id", sa.Integer(), sa.ForeignKey("tag.id"), nullable=True))', downgrade: 'op.drop_column("post", "tag_id")' });
const wrongColumn = migration({ upgrade: 'op.add_column("post", sa.Column("editor_email", sa.String(length=255), sa.ForeignKey("user.mail"), nullable=True))', downgrade: 'op.drop_column("post", "editor_email")' });

ruleTester('fk-target-unknown', {
  defaultSeverity: 'error',
  valid: [
    { name: 'target created by an earlier migration', code: activity },
    { name: 'target declared by the models only (no history)', code: typo.replaceAll('"users"', '"user"'), history: [], replay: false, models: [models] },
    { name: 'self-referencing table created here', code: migration({ upgrade: 'op.create_table("node", sa.Column("id", sa.Integer(), nullable=False), sa.Column("parent_id", sa.Integer(), sa.ForeignKey("node.id"), nullable=True), sa.PrimaryKeyConstraint("id"))', downgrade: 'op.drop_table("node")' }) },
  ],
  invalid: [
    { name: 'a misspelled table', code: typo, lines: [lineOf(typo, 'create_foreign_key')], help: 'did you mean `user`?' },
    { name: 'an unknown column of a known table', code: wrongColumn, lines: [lineOf(wrongColumn, 'op.add_column')], message: '`user.mail`' },
    { name: 'without the history: cannot verify, as info', code: typo, history: [], replay: false, models: [models], lines: [lineOf(typo, 'create_foreign_key')], severity: 'info' },
    {
      name: 'a target that a model file which does not parse may declare: cannot verify, as info',
      code: toTag,
      models: [`${models}\n\nclass Tag(Base)\n    __tablename__ = "tag"\n\n    id = Column(Integer, primary_key=True)\n`],
      lines: [lineOf(toTag, 'op.add_column')],
      severity: 'info',
      message: 'the model file app/models0.py cannot be read',
    },
  ],
});

const fkNoIndex = migration({
  upgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("editor_id", sa.Integer(), nullable=True))\n    batch_op.create_foreign_key(batch_op.f("fk_post_editor_id_user"), "user", ["editor_id"], ["id"])',
  downgrade: 'with op.batch_alter_table("post", schema=None) as batch_op:\n    batch_op.drop_constraint(batch_op.f("fk_post_editor_id_user"), type_="foreignkey")\n    batch_op.drop_column("editor_id")',
});
const tableNoIndex = migration({
  upgrade: 'op.create_table("comment",\nsa.Column("id", sa.Integer(), nullable=False),\nsa.Column("post_id", sa.Integer(), nullable=False),\nsa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_comment_post_id_post")),\nsa.PrimaryKeyConstraint("id", name=op.f("pk_comment"))\n)',
  downgrade: 'op.drop_table("comment")',
});

ruleTester('fk-without-index', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'autogenerated FK with its index', code: activity },
    { name: 'FK column leads the primary key', code: migration({ upgrade: 'op.create_table("profile", sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_profile_user_id_user"), nullable=False), sa.PrimaryKeyConstraint("user_id", name=op.f("pk_profile")))', downgrade: 'op.drop_table("profile")' }) },
    { name: 'index added in a later statement of the same migration', code: fkNoIndex.replace('    batch_op.create_foreign_key', '    batch_op.create_index(batch_op.f("ix_post_editor_id"), ["editor_id"], unique=False)\n    batch_op.create_foreign_key') },
  ],
  invalid: [
    { name: 'batch FK without an index', code: fkNoIndex, lines: [lineOf(fkNoIndex, 'create_foreign_key')], help: 'batch_op.create_index(batch_op.f("ix_post_editor_id"), ["editor_id"], unique=False)' },
    { name: 'create_table FK constraint without an index', code: tableNoIndex, lines: [lineOf(tableNoIndex, 'sa.ForeignKeyConstraint')], help: 'op.create_index(op.f("ix_comment_post_id"), "comment", ["post_id"], unique=False)' },
  ],
});

ruleTester('table-not-in-models', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'every table has a model', code: activity, models: [models] },
    { name: 'association table declared with Table(...)', code: activity, models: [models.replace(/@dataclasses.dataclass\nclass Activity[\s\S]*$/, 'from sqlalchemy import Table\n\nactivity = Table("activity", Base.metadata, Column("id", Integer, primary_key=True), Column("user_id", Integer, ForeignKey("user.id"), index=True), Column("created_at", DateTime, nullable=False))\n')] },
  ],
  invalid: [
    { name: 'a table no model declares', code: activity, models: [models.replace(/@dataclasses.dataclass\nclass Activity[\s\S]*$/, '')], lines: [createLine], message: 'Table `activity` (created at alembic/versions/2c3d4e5f6a7b_test.py:' },
    {
      name: 'a model file that does not parse may declare it: cannot verify, as info, with no advice to drop it',
      code: activity,
      models: [models.replace('class Activity(Base):', 'class Activity(Base)')],
      lines: [createLine],
      severity: 'info',
      message: 'Cannot verify that a model declares table `activity`: the model file app/models0.py cannot be read (line 31)',
      help: 'fix app/models0.py first',
    },
  ],
});

import { describe, expect, it } from 'vitest';
import { analyze, baseMigration, lineOf, migration, only, ruleTester } from './harness.js';

/** Every test here runs on the base history: `user` (email unique `uq_user_email`, name, nickname, bio, score) and `post` (fk_post_user_id_user, ix_post_user_id, ix_post_title). */

const convention = { fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s', uq: 'uq_%(table_name)s_%(column_0_name)s', ck: 'ck_%(table_name)s_%(constraint_name)s' };
const createTag = `op.create_table("tag",
sa.Column("id", sa.Integer(), nullable=False),
sa.Column("label", sa.String(length=40), nullable=False),
sa.Column("owner_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
sa.UniqueConstraint("label")
)`;

const dropNone = migration({ upgrade: 'op.create_index(op.f("ix_user_name"), "user", ["name"])', downgrade: 'op.drop_constraint(None, "user", type_="unique")\nop.drop_index(op.f("ix_user_name"), table_name="user")' });
const doubleNamed = migration({ upgrade: 'op.create_check_constraint("short", "user", "length(name) < 80")', downgrade: 'op.drop_constraint("ck_user_short", "user", type_="check")' });
const typo = migration({ upgrade: 'op.drop_index("ix_post_titel", table_name="post")', downgrade: 'op.create_index("ix_post_titel", "post", ["title"])' });
const batchTypo = migration({ upgrade: 'with op.batch_alter_table("user") as batch_op:\n    batch_op.drop_constraint("uq_user_mail", type_="unique")', downgrade: 'pass' });
const sqliteUnnamed = migration({ upgrade: `${createTag}\nop.drop_constraint("tag_label_key", "tag", type_="unique")`, downgrade: 'op.drop_table("tag")' });
const outside = migration({ upgrade: 'op.drop_index("ix_audit_at", table_name="audit")', downgrade: 'op.create_index("ix_audit_at", "audit", ["at"])' });
const afterRawSql = migration({ upgrade: 'op.execute("CREATE INDEX ix_post_fast ON post (title)")\nop.drop_index("ix_post_fast", table_name="post")', downgrade: 'pass' });
const mysqlUnnamed = migration({ upgrade: `${createTag}\nop.drop_constraint("tag_ibfk_1", "tag", type_="foreignkey")`, downgrade: 'op.drop_table("tag")' });

ruleTester('drop-unknown-name', {
  defaultSeverity: 'error',
  valid: [
    { name: 'drops of what the history created (op.f and plain names, batch and plain)', code: migration({ upgrade: 'op.drop_index(op.f("ix_post_title"), table_name="post")\nwith op.batch_alter_table("user") as batch_op:\n    batch_op.drop_constraint("uq_user_email", type_="unique")', downgrade: 'pass' }) },
    { name: 'a drop in downgrade() of what upgrade() created', code: migration({ upgrade: 'op.create_index(op.f("ix_user_name"), "user", ["name"])', downgrade: 'op.drop_index(op.f("ix_user_name"), table_name="user")' }) },
    { name: "PostgreSQL's own names for constraints created without one", dialect: 'postgresql', code: migration({ upgrade: `${createTag}\nop.drop_constraint("tag_label_key", "tag", type_="unique")\nop.drop_constraint("tag_owner_id_fkey", "tag", type_="foreignkey")`, downgrade: 'op.drop_table("tag")' }) },
    {
      name: "names the models' naming convention gives (as Alembic 1.8 renders them: checked with its offline mode)",
      namingConvention: convention,
      dialect: 'sqlite',
      code: migration({
        upgrade: 'op.create_foreign_key(None, "post", "user", ["title"], ["email"])\nop.create_check_constraint("short", "user", "length(name) < 80")',
        downgrade: 'op.drop_constraint(op.f("ck_user_short"), "user", type_="check")\nop.drop_constraint("fk_post_title_user", "post", type_="foreignkey")',
      }),
    },
    { name: 'the short name of a constraint named through %(constraint_name)s', namingConvention: convention, code: migration({ upgrade: 'op.create_check_constraint("short", "user", "length(name) < 80")', downgrade: 'op.drop_constraint("short", "user", type_="check")' }) },
    { name: 'drop_index without table_name, of an index some table has', code: migration({ upgrade: 'op.drop_index("ix_post_title")', downgrade: 'op.create_index("ix_post_title", "post", ["title"])' }) },
  ],
  invalid: [
    { name: 'drop_constraint(None): can never run', code: dropNone, lines: [lineOf(dropNone, 'drop_constraint(None')], message: 'can never run' },
    {
      name: 'the full name of a constraint named through %(constraint_name)s: Alembic drops ck_user_ck_user_short',
      namingConvention: convention,
      code: doubleNamed,
      lines: [lineOf(doubleNamed, 'drop_constraint')],
      message: 'makes Alembic drop `ck_user_ck_user_short` instead',
      help: 'op.f("ck_user_short")',
    },
    { name: 'a typo in an index name', code: typo, lines: [lineOf(typo, 'op.drop_index')], message: 'it has `ix_post_user_id`, `ix_post_title`' },
    { name: 'a typo in a constraint name, batch', code: batchTypo, lines: [lineOf(batchTypo, 'drop_constraint')], message: 'never create' },
    { name: 'SQLite: a constraint created without a name has none to drop by', dialect: 'sqlite', code: sqliteUnnamed, lines: [lineOf(sqliteUnnamed, 'drop_constraint')] },
    { name: 'a table the history never created: cannot verify', code: outside, lines: [lineOf(outside, 'op.drop_index')], severity: 'info', message: 'no earlier migration creates table `audit`' },
    { name: 'raw SQL the replay cannot follow: cannot verify', code: afterRawSql, lines: [lineOf(afterRawSql, 'op.drop_index')], severity: 'info', message: 'raw DDL' },
    { name: 'MySQL names its unnamed constraints its own way: cannot verify', dialect: 'mysql', code: mysqlUnnamed, lines: [lineOf(mysqlUnnamed, 'drop_constraint("tag_ibfk_1"')], severity: 'info', message: 'created without a name' },
  ],
});

describe('downgrade-not-inverse against the replayed previous values', () => {
  it('says "cannot verify", not "never undoes", when the history never created the column', async () => {
    const code = migration({ upgrade: 'op.alter_column("audit", "at", existing_type=sa.DateTime(), nullable=False)', downgrade: 'pass\nop.execute(sa.text("SELECT 1"))' });
    const findings = only(await analyze(code), 'downgrade-not-inverse');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'info', line: lineOf(code, 'alter_column') });
    expect(findings[0]!.message).toBe('Cannot verify that downgrade() restores the nullability of `audit.at`: no earlier migration creates table `audit` (it may come from create_all or SQL outside the migrations), so what it was before this migration is unknown.');
  });

  it('still says "never undoes" when the history shows the column', async () => {
    const code = migration({ upgrade: 'op.alter_column("user", "name", existing_type=sa.String(length=255), nullable=False)', downgrade: 'op.execute(sa.text("SELECT 1"))' });
    expect(only(await analyze(code), 'downgrade-not-inverse').map((finding) => finding.severity)).toEqual(['error']);
  });

  it('compares a restored server default with the replayed one', async () => {
    const history = migration({ revision: '3c3c3c3c3c3c', upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=False, server_default="free"))', downgrade: 'op.drop_column("user", "plan")' });
    const code = migration({ down: '3c3c3c3c3c3c', upgrade: 'op.alter_column("user", "plan", server_default="trial")', downgrade: 'op.alter_column("user", "plan", server_default="basic")' });
    const findings = only(await analyze(code, { history: [baseMigration(), history] }), 'downgrade-not-inverse');
    expect(findings.map((finding) => [finding.severity, finding.line])).toEqual([['error', lineOf(code, 'server_default="basic"')]]);
    expect(findings[0]!.message).toContain('it sets the server default of `user.plan` to `"basic"`, but it was `"free"`');
    const right = migration({ down: '3c3c3c3c3c3c', upgrade: 'op.alter_column("user", "plan", server_default="trial")', downgrade: 'op.alter_column("user", "plan", server_default=sa.text("\'free\'"))' });
    expect(only(await analyze(right, { history: [baseMigration(), history] }), 'downgrade-not-inverse')).toEqual([]);
  });

  it('compares a recreated CHECK constraint with the replayed condition', async () => {
    const history = migration({ revision: '3c3c3c3c3c3c', upgrade: 'op.create_check_constraint("ck_user_score", "user", "score >= 0")', downgrade: 'op.drop_constraint("ck_user_score", "user", type_="check")' });
    const code = migration({
      down: '3c3c3c3c3c3c',
      upgrade: 'op.drop_constraint("ck_user_score", "user", type_="check")\nop.create_check_constraint("ck_user_score", "user", "score BETWEEN 0 AND 100")',
      downgrade: 'op.drop_constraint("ck_user_score", "user", type_="check")\nop.create_check_constraint("ck_user_score", "user", "score > 0")',
    });
    const findings = only(await analyze(code, { history: [baseMigration(), history] }), 'downgrade-not-inverse');
    expect(findings.map((finding) => finding.line)).toEqual([lineOf(code, '"score > 0"')]);
    expect(findings[0]!.message).toContain('as `score > 0` instead of `score >= 0`');
    const same = code.replace('"score > 0"', '"SCORE  >=  0"');
    expect(only(await analyze(same, { history: [baseMigration(), history] }), 'downgrade-not-inverse')).toEqual([]);
  });

  it('takes a column dropped by downgrade() as undoing every change upgrade() made to it', async () => {
    const code = migration({
      upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))\nop.execute(sa.text("UPDATE \\"user\\" SET plan = \'free\'"))\nop.alter_column("user", "plan", existing_type=sa.String(length=20), nullable=False, server_default="free")',
      downgrade: 'op.drop_column("user", "plan")',
    });
    const findings = await analyze(code);
    expect(only(findings, 'downgrade-not-inverse')).toEqual([]);
    expect(only(findings, 'not-null-without-default')).toEqual([]);
  });
});

const wrongBackfill = migration({
  upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))\nop.execute(sa.text("UPDATE \\"user\\" SET name = \'x\' WHERE name IS NULL"))\nop.alter_column("user", "plan", existing_type=sa.String(length=20), nullable=False)',
  downgrade: 'op.drop_column("user", "plan")',
});
const unreadableBackfill = migration({
  upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))\nop.execute(build_update())\nop.alter_column("user", "plan", existing_type=sa.String(length=20), nullable=False)',
  downgrade: 'op.drop_column("user", "plan")',
  imports: 'from alembic import op\nimport sqlalchemy as sa\nfrom app.sql import build_update',
});

ruleTester('not-null-without-default', {
  defaultSeverity: 'error',
  valid: [
    {
      name: 'a backfill through a table helper: user.update().values(plan=...)',
      code: migration({
        imports: 'from alembic import op\nimport sqlalchemy as sa\n\nuser = sa.table("user", sa.column("plan"))',
        upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))\nop.execute(user.update().values(plan="free"))\nop.alter_column("user", "plan", existing_type=sa.String(length=20), nullable=False)',
        downgrade: 'op.drop_column("user", "plan")',
      }),
    },
    {
      name: 'a backfill through op.get_bind()',
      code: migration({
        upgrade: 'op.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))\nconn = op.get_bind()\nconn.execute(sa.text("UPDATE \\"user\\" SET plan = \'free\' WHERE plan IS NULL"))\nop.alter_column("user", "plan", existing_type=sa.String(length=20), nullable=False)',
        downgrade: 'op.drop_column("user", "plan")',
      }),
    },
  ],
  invalid: [
    { name: 'a backfill of another column', code: wrongBackfill, lines: [lineOf(wrongBackfill, 'alter_column')], message: 'the backfill at line' },
    { name: 'a backfill whose columns cannot be read: cannot verify', code: unreadableBackfill, lines: [lineOf(unreadableBackfill, 'alter_column')], severity: 'info', message: 'which columns it sets cannot be read' },
  ],
});

describe('a rename done by copying the values', () => {
  const upgrade = 'op.add_column("user", sa.Column("handle", sa.String(length=64), nullable=True))\nop.execute(sa.text("UPDATE \\"user\\" SET handle = nickname"))\nop.drop_column("user", "nickname")';

  it('loses nothing when the values are copied both ways: no drop-column, no probable-rename', async () => {
    const code = migration({ upgrade, downgrade: 'op.add_column("user", sa.Column("nickname", sa.String(length=64), nullable=True))\nop.execute(sa.text("UPDATE \\"user\\" SET nickname = handle"))\nop.drop_column("user", "handle")' });
    const findings = await analyze(code);
    expect(only(findings, 'drop-column')).toEqual([]);
    expect(only(findings, 'probable-rename')).toEqual([]);
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('loses the values on downgrade when downgrade() does not copy them back: said at the downgrade', async () => {
    const code = migration({ upgrade, downgrade: 'op.add_column("user", sa.Column("nickname", sa.String(length=64), nullable=True))\nop.drop_column("user", "handle")' });
    const findings = only(await analyze(code), 'probable-rename');
    expect(findings.map((finding) => finding.line)).toEqual([lineOf(code, 'op.drop_column("user", "handle")')]);
    expect(findings[0]!.message).toContain('downgrade() drops `handle` without copying its values back into `nickname`');
  });
});

const unknownDependency = migration({ upgrade: 'pass', branchLabels: ['reports'] }).replace('depends_on = None', 'depends_on = ("1a2b", "0000ffff0000")');
ruleTester('missing-parent', {
  defaultSeverity: 'error',
  valid: [
    { name: 'depends_on a revision and a branch label', code: migration({ upgrade: 'pass', revision: '5e5e5e5e5e5e' }).replace('depends_on = None', 'depends_on = ("1a2b3c4d5e6f", "reports")'), history: [baseHistoryWithLabel()] },
  ],
  invalid: [
    { name: 'depends_on a prefix and an unknown revision (Alembic: KeyError)', code: unknownDependency, lines: [lineOf(unknownDependency, 'depends_on'), lineOf(unknownDependency, 'depends_on')], message: 'neither a revision nor a branch label' },
  ],
});

function baseHistoryWithLabel(): string {
  return migration({ revision: '1a2b3c4d5e6f', down: null, upgrade: 'pass', branchLabels: ['reports'] });
}

describe('missing-import follows Python scoping', () => {
  it('reports a name imported inside upgrade() and used in downgrade()', async () => {
    const code = migration({
      imports: 'from alembic import op',
      upgrade: 'import sqlalchemy as sa\nop.add_column("user", sa.Column("plan", sa.String(length=20), nullable=True))',
      downgrade: 'op.alter_column("user", "plan", type_=sa.Text())\nop.drop_column("user", "plan")',
    });
    const findings = only(await analyze(code), 'missing-import');
    expect(findings.map((finding) => [finding.line, finding.message.split(' is used')[0]])).toEqual([[lineOf(code, 'type_=sa.Text()'), '`sa`']]);
  });
});

describe('unnamed-constraint reads names where SQLAlchemy takes them from', () => {
  it("takes sa.ForeignKey(..., name=...) as named, and the models' naming convention as naming the rest", async () => {
    const named = migration({ upgrade: 'op.add_column("post", sa.Column("editor_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_post_editor_id_user"), nullable=True))', downgrade: 'op.drop_column("post", "editor_id")' });
    expect(only(await analyze(named), 'unnamed-constraint')).toEqual([]);
    const unnamed = migration({ upgrade: createTag, downgrade: 'op.drop_table("tag")' });
    expect(only(await analyze(unnamed), 'unnamed-constraint')).toHaveLength(2);
    const models = `from sqlalchemy import MetaData\nfrom sqlalchemy.orm import declarative_base\n\nconvention = ${JSON.stringify(convention)}\nBase = declarative_base(metadata=MetaData(naming_convention=convention))\n`;
    expect(only(await analyze(unnamed, { models: [models] }), 'unnamed-constraint')).toEqual([]);
  });
});

describe('sqlite-needs-batch says what Alembic does', () => {
  it('a foreign key in a plain add_column: Alembic raises after the ADD COLUMN ran', async () => {
    const code = migration({ upgrade: 'op.add_column("post", sa.Column("editor_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_post_editor_id_user"), nullable=True))', downgrade: 'with op.batch_alter_table("post") as batch_op:\n    batch_op.drop_column("editor_id")' });
    const [finding] = only(await analyze(code, { dialect: 'sqlite' }), 'sqlite-needs-batch');
    expect(finding?.message).toContain('raises NotImplementedError');
    expect(finding?.message).toContain('after the ADD COLUMN ran');
    const inline = code.replace('nullable=True))', 'nullable=True), inline_references=True)');
    expect(only(await analyze(inline, { dialect: 'sqlite' }), 'sqlite-needs-batch')).toEqual([]);
  });
});

describe('the schema before a revision includes what its depends_on names', () => {
  it('knows a table another branch creates when depends_on names that revision', async () => {
    const teams = migration({ revision: '7e7e7e7e7e7e', down: null, branchLabels: ['teams'], upgrade: 'op.create_table("team", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id", name=op.f("pk_team")))', downgrade: 'op.drop_table("team")' });
    const code = migration({ upgrade: 'with op.batch_alter_table("post") as batch_op:\n    batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))\n    batch_op.create_index(batch_op.f("ix_post_team_id"), ["team_id"])\n    batch_op.create_foreign_key(batch_op.f("fk_post_team_id_team"), "team", ["team_id"], ["id"])', downgrade: 'with op.batch_alter_table("post") as batch_op:\n    batch_op.drop_constraint(batch_op.f("fk_post_team_id_team"), type_="foreignkey")\n    batch_op.drop_index(batch_op.f("ix_post_team_id"))\n    batch_op.drop_column("team_id")' });
    const depending = code.replace('depends_on = None', 'depends_on = "teams"');
    expect(only(await analyze(depending, { history: [baseMigration(), teams] }), 'fk-target-unknown')).toEqual([]);
    // without depends_on the team table is not there when this revision runs (another branch may come later)
    expect(only(await analyze(code, { history: [baseMigration(), teams] }), 'fk-target-unknown')).toHaveLength(1);
  });
});

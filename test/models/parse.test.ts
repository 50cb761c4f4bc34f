import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectTables, parseModelFile, type ModelColumn, type ModelFileResult, type ModelTable } from '../../scripts/lib/models/parse.js';
import { fixturesDir } from '../helpers/temp.js';

const modelsDir = join(fixturesDir, 'models');

function source(name: string): string {
  return readFileSync(join(modelsDir, name), 'utf8');
}

/** 1-based line of the first line of `name` that contains `text` (so expectations follow the fixture). */
function lineOf(name: string, text: string): number {
  const index = source(name).split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} is not in ${name}`);
  return index + 1;
}

async function parseFixtures(...names: string[]): Promise<{ files: ModelFileResult[]; tables: ModelTable[] }> {
  const files = await Promise.all(names.map((name) => parseModelFile(source(name), `app/${name}`)));
  return { files, tables: collectTables(files) };
}

function tableNamed(tables: ModelTable[], name: string): ModelTable {
  const table = tables.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`no table ${name} among ${tables.map((t) => t.name).join(', ')}`);
  return table;
}

function column(table: ModelTable, name: string): ModelColumn {
  const found = table.columns.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no column ${name} in ${table.name}: ${table.columns.map((c) => c.name).join(', ')}`);
  return found;
}

const plainColumn = { length: null, nullable: true, primaryKey: false, unique: false, index: false, foreignKey: null, serverDefault: null, default: null };

describe('tables of an stk-shaped models file', () => {
  let tables: ModelTable[];
  let file: ModelFileResult;
  beforeAll(async () => {
    const parsed = await parseFixtures('stk_user.py');
    tables = parsed.tables;
    file = parsed.files[0]!;
  });

  it('parses cleanly', () => {
    expect(file.problem).toBeUndefined();
  });

  it('finds every table: __tablename__ classes and the Table("roles_users", Base.metadata, ...) association table', () => {
    expect(tables.map((table) => table.name)).toEqual(['roles_users', 'role', 'user', 'web_authn', 'oauth']);
    expect(tables.map((table) => table.name)).not.toContain('not_a_table');
  });

  it('gives the class, the file and the line of each declaration', () => {
    expect(tableNamed(tables, 'user')).toMatchObject({ className: 'User', variable: null, declaredBy: 'tablename', file: 'app/stk_user.py', line: lineOf('stk_user.py', 'class User(') });
    expect(tableNamed(tables, 'roles_users')).toMatchObject({
      className: null,
      variable: 'roles_users',
      declaredBy: 'table',
      file: 'app/stk_user.py',
      line: lineOf('stk_user.py', 'roles_users = Table('),
    });
  });

  it('reads the association table columns, foreign keys with ondelete, and its UniqueConstraint', () => {
    const table = tableNamed(tables, 'roles_users');
    expect(table.columns).toEqual([
      { ...plainColumn, name: 'user_id', type: 'Integer', index: true, foreignKey: { target: 'user.id', ondelete: null }, line: lineOf('stk_user.py', 'Column("user_id"') },
      { ...plainColumn, name: 'role_id', type: 'Integer', foreignKey: { target: 'role.id', ondelete: 'CASCADE' }, line: lineOf('stk_user.py', 'Column("role_id"') },
    ]);
    expect(table.constraints).toEqual([{ kind: 'unique', name: 'uq_roles_users', columns: ['user_id', 'role_id'], unique: true, line: lineOf('stk_user.py', 'name="uq_roles_users"') }]);
  });

  it('reads types with length, primary keys, unique and nullable', () => {
    const role = tableNamed(tables, 'role');
    expect(role.columns.map(({ line: _line, ...rest }) => rest)).toEqual([
      { ...plainColumn, name: 'id', type: 'Integer', nullable: false, primaryKey: true },
      { ...plainColumn, name: 'name', type: 'String', length: 80, unique: true, nullable: false },
      { ...plainColumn, name: 'description', type: 'String', length: 255 },
    ]);
  });

  it('follows Column nullability rules: nullable unless nullable=False or primary_key=True', () => {
    const user = tableNamed(tables, 'user');
    expect(column(user, 'id').nullable).toBe(false);
    expect(column(user, 'email').nullable).toBe(false);
    expect(column(user, 'fs_webauthn_user_handle').nullable).toBe(true);
    expect(column(user, 'bio').nullable).toBe(true);
    expect(column(user, 'preferences').nullable).toBe(true);
  });

  it('reads index=True, LargeBinary(1024), JSON, DateTime, module-qualified types and Numeric precision', () => {
    const user = tableNamed(tables, 'user');
    expect(column(user, 'avatar')).toMatchObject({ type: 'LargeBinary', length: 1024, index: true, unique: false });
    expect(column(user, 'preferences')).toMatchObject({ type: 'JSON', length: null });
    expect(column(user, 'created_at')).toMatchObject({ type: 'DateTime', nullable: false, serverDefault: null });
    expect(column(user, 'status')).toMatchObject({ type: 'String', length: 20 });
    expect(column(user, 'score')).toMatchObject({ type: 'Numeric', length: 10 });
  });

  it('reads server_default: string literals unquoted, expressions as source text; a Python default is no server default', () => {
    const user = tableNamed(tables, 'user');
    expect(column(user, 'status').serverDefault).toBe('active');
    expect(column(user, 'active').serverDefault).toBe('sa.true()');
    expect(column(user, 'score').serverDefault).toBe('sa.text("0")');
    expect(column(user, 'created_at').serverDefault).toBeNull();
  });

  it('reads a ForeignKey to a non-id column with ondelete', () => {
    const webAuthn = tableNamed(tables, 'web_authn');
    expect(column(webAuthn, 'user_id')).toMatchObject({ type: 'String', length: 64, nullable: false, foreignKey: { target: 'user.fs_webauthn_user_handle', ondelete: 'CASCADE' } });
    expect(column(webAuthn, 'credential_id')).toMatchObject({ unique: true, index: true, nullable: false });
  });

  it('reads __table_args__ UniqueConstraint and Index, and a column named by its first argument', () => {
    const oauth = tableNamed(tables, 'oauth');
    expect(oauth.constraints).toEqual([
      { kind: 'unique', name: 'uq_oauth_provider_user', columns: ['provider', 'provider_user_id'], unique: true, line: lineOf('stk_user.py', 'UniqueConstraint("provider"') },
      { kind: 'index', name: 'ix_oauth_user_provider', columns: ['user_id', 'provider'], unique: true, line: lineOf('stk_user.py', 'Index("ix_oauth_user_provider"') },
    ]);
    expect(oauth.columns.map((c) => c.name)).toEqual(['id', 'provider', 'provider_user_id', 'user_id', 'token', 'display_title']);
    expect(column(oauth, 'display_title')).toMatchObject({ type: 'String', length: 100 });
  });

  it('does not take relationships for columns', () => {
    expect(tableNamed(tables, 'user').columns.map((c) => c.name)).not.toContain('roles');
  });
});

describe('@declared_attr columns and inheritance', () => {
  let tables: ModelTable[];
  beforeAll(async () => {
    ({ tables } = await parseFixtures('mixins.py', 'inherit.py'));
  });

  it('gives a table the @declared_attr columns of a mixin declared in another file, through a chain of mixins', () => {
    const document = tableNamed(tables, 'document');
    expect(document.columns.map((c) => c.name).sort()).toEqual(['created_at', 'folder_id', 'id', 'owner_id', 'owner_note', 'title', 'updated_at']);
    expect(column(document, 'created_at')).toMatchObject({ type: 'DateTime', nullable: false, serverDefault: 'func.now()', line: lineOf('mixins.py', 'return Column(DateTime, nullable=False') });
    expect(column(document, 'updated_at')).toMatchObject({ type: 'DateTime', nullable: true });
    expect(column(document, 'owner_id')).toMatchObject({ type: 'Integer', index: true, foreignKey: { target: 'user.id', ondelete: 'SET NULL' } });
  });

  it('reads @declared_attr columns declared on the table class itself', () => {
    expect(column(tableNamed(tables, 'document'), 'folder_id')).toMatchObject({ foreignKey: { target: 'folder.id', ondelete: null }, line: lineOf('inherit.py', 'ForeignKey("folder.id")') });
  });

  it("lets a class's own column override the mixin's", () => {
    expect(column(tableNamed(tables, 'document'), 'owner_note')).toMatchObject({ length: 500, line: lineOf('inherit.py', 'owner_note = Column(String(500))') });
  });

  it('does not copy the columns of a parent that has its own table (joined inheritance); a single-table subclass adds its columns to its parent\'s table', () => {
    const employee = tableNamed(tables, 'employee');
    expect(employee.columns.map((c) => c.name)).toEqual(['id', 'badge', 'reports']);
    expect(tables.map((table) => table.name)).not.toContain('manager');
    expect(column(employee, 'id')).toMatchObject({ primaryKey: true, nullable: false, type: 'Integer', foreignKey: { target: 'person.id', ondelete: null } });
  });

  it('makes no table of a subclass without __tablename__ (single-table inheritance) nor of a mixin', () => {
    expect(tables.map((table) => table.name).sort()).toEqual(['document', 'employee', 'person']);
    expect(tables.map((table) => table.className)).not.toContain('Manager');
  });

  it('is the same whichever order the files come in', async () => {
    const reversed = await parseFixtures('inherit.py', 'mixins.py');
    expect(reversed.tables).toEqual(tables);
  });
});

describe('SQLAlchemy 2.0 Mapped[...] = mapped_column(...)', () => {
  let invoice: ModelTable;
  beforeAll(async () => {
    invoice = tableNamed((await parseFixtures('mapped.py')).tables, 'invoice');
  });

  it('takes the type from mapped_column, or else from the annotation', () => {
    expect(column(invoice, 'number')).toMatchObject({ type: 'String', length: 32 });
    expect(column(invoice, 'note')).toMatchObject({ type: 'Text' });
    expect(column(invoice, 'id')).toMatchObject({ type: 'Integer', primaryKey: true });
    expect(column(invoice, 'paid_at')).toMatchObject({ type: 'DateTime' });
    expect(column(invoice, 'total')).toMatchObject({ type: 'Float', serverDefault: '0' });
  });

  it('is NOT NULL unless the annotation is Optional[...] or `| None`, or nullable= says otherwise', () => {
    expect(column(invoice, 'number').nullable).toBe(false);
    expect(column(invoice, 'note').nullable).toBe(true);
    expect(column(invoice, 'paid_at').nullable).toBe(true);
    expect(column(invoice, 'flagged').nullable).toBe(true);
    expect(column(invoice, 'id').nullable).toBe(false);
  });

  it('reads the foreign key and index of a mapped_column without a type', () => {
    expect(column(invoice, 'customer_id')).toMatchObject({ type: 'Integer', index: true, foreignKey: { target: 'customer.id', ondelete: 'RESTRICT' } });
  });

  it('reads sa.UniqueConstraint in __table_args__', () => {
    expect(invoice.constraints).toMatchObject([{ kind: 'unique', name: 'uq_invoice_number', columns: ['number'] }]);
  });
});

describe('a models file with a syntax error', () => {
  it('reports the first error with its line and still reads the tables before and after it', async () => {
    const { files, tables } = await parseFixtures('broken.py');
    expect(files[0]!.problem).toMatchObject({ line: lineOf('broken.py', 'def oops(:') });
    expect(files[0]!.problem!.message).toMatch(/invalid Python syntax/);
    expect(tables.map((table) => table.name)).toEqual(['before', 'after']);
    expect(tableNamed(tables, 'after').columns.map((c) => c.name)).toEqual(['id', 'label']);
  });
});

describe('parseModelFile on small sources', () => {
  it('ignores f-string and computed table names instead of guessing them', async () => {
    const result = await parseModelFile(
      ['prefix = "app"', 'events = Table(f"{prefix}_events", metadata, Column("id", Integer))', 'class Log(Base):', '    __tablename__ = prefix + "_log"', '    id = Column(Integer, primary_key=True)', ''].join('\n'),
      'm.py',
    );
    expect(collectTables([result])).toEqual([]);
  });

  it('reads concatenated and escaped string literals as Python would', async () => {
    const result = await parseModelFile(['class A(Base):', '    __tablename__ = "audit" "_log"', '    note = Column(String(5), server_default="it\\\'s")', ''].join('\n'), 'm.py');
    const [table] = collectTables([result]);
    expect(table?.name).toBe('audit_log');
    expect(table?.columns[0]?.serverDefault).toBe("it's");
  });

  it('makes no table of an abstract class, even one with a __tablename__; a subclass inherits that name and the columns', async () => {
    const abstract = ['class Extra(Base):', '    __tablename__ = "extra"', '    __abstract__ = True', '    id = Column(Integer, primary_key=True)', ''];
    expect(collectTables([await parseModelFile(abstract.join('\n'), 'm.py')])).toEqual([]);
    const [table, ...others] = collectTables([await parseModelFile([...abstract, 'class Concrete(Extra):', '    note = Column(String(5))', ''].join('\n'), 'm.py')]);
    expect(others).toEqual([]);
    expect(table).toMatchObject({ name: 'extra', className: 'Concrete' });
    expect(table?.columns.map((c) => c.name)).toEqual(['id', 'note']);
  });

  it('finds nothing in a file without models', async () => {
    const result = await parseModelFile('import os\n\nVALUE = 3\n', 'm.py');
    expect(result).toEqual({ file: 'm.py', tables: [], classes: [], flaskSqlalchemy: [], namingConvention: null, problem: undefined });
  });
});

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewReportSchema } from '../../../scripts/lib/migrate/new/schema.js';
import { execa } from 'execa';
import { alembic, copyExample, examplePython, stkMigrate } from '../../helpers/example-project.js';

const versions = (root: string) => readdirSync(join(root, 'alembic', 'versions')).filter((name) => name.endsWith('.py')).sort();

/** The head revision as Alembic itself reports it. */
async function alembicHead(root: string): Promise<string> {
  return (await alembic(root, 'heads')).trim().split(/\s+/)[0]!;
}

describe('stk-migrate new on examples/stk-app (Quart `db` group, real Alembic)', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  it('autogenerates the add_column for a column added to a model, and reports the file, revision and message', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const parent = await alembicHead(project.root);
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    const source = readFileSync(models, 'utf8');
    const title = '    title = Column(String(255), nullable=False)\n';
    expect(source).toContain(title);
    writeFileSync(models, source.replace(title, `${title}    subtitle = Column(String(120), nullable=True)\n`));

    const result = await stkMigrate(project.root, 'new', 'add subtitle to post', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ message: 'add subtitle to post', parents: [parent], autogenerate: true, noChanges: false, removed: false });
    expect(report.file).toMatch(new RegExp(`^alembic/versions/${report.revision}_add_subtitle_to_post\\.py$`));
    const migration = readFileSync(join(project.root, report.file), 'utf8');
    expect(migration).toContain("with op.batch_alter_table('post', schema=None) as batch_op:");
    expect(migration).toContain("batch_op.add_column(sa.Column('subtitle', sa.String(length=120), nullable=True))");
    expect(migration).toContain("batch_op.drop_column('subtitle')");
    expect(await alembicHead(project.root)).toBe(report.revision);
    expect(report.validate.summary.errors).toBe(0);

    const text = await stkMigrate(project.root, 'new', 'add subtitle again', '--empty');
    expect(text.stdout.split('\n')[0]).toMatch(/^created alembic\/versions\/\w+_add_subtitle_again\.py \(blank, --empty\): revision \w+ on \w+, "add subtitle again"$/);
  });

  it('--throwaway autogenerates against a throwaway database at head: the configured one may be missing, and is never created', async () => {
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    const title = '    title = Column(String(255), nullable=False)\n';
    writeFileSync(models, readFileSync(models, 'utf8').replace(title, `${title}    subtitle = Column(String(120), nullable=True)\n`));
    const parent = await alembicHead(project.root);
    const result = await stkMigrate(project.root, 'new', 'add subtitle to post', '--throwaway', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ parents: [parent], autogenerate: true, noChanges: false, database: 'throwaway' });
    expect(readFileSync(join(project.root, report.file), 'utf8')).toContain("batch_op.add_column(sa.Column('subtitle', sa.String(length=120), nullable=True))");
    expect(existsSync(join(project.root, 'instance'))).toBe(false);
    const text = await stkMigrate(project.root, 'new', 'nothing else', '--throwaway');
    expect(text.stdout).toMatch(/^no changes: autogenerate found nothing to migrate/);
  });

  it('runs validate on the new file: its error findings are in the output and make the exit code 1', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    const title = '    title = Column(String(255), nullable=False)\n';
    writeFileSync(models, readFileSync(models, 'utf8').replace(title, `${title}    slug = Column(String(80), nullable=False)\n`));

    const result = await stkMigrate(project.root, 'new', 'add slug to post', '--format', 'json');
    expect(result.exitCode).toBe(1);
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report.validate.summary.errors).toBeGreaterThan(0);
    expect(report.validate.findings).toContainEqual(expect.objectContaining({ rule: 'not-null-without-default', severity: 'error', file: report.file }));
    expect(existsSync(join(project.root, report.file))).toBe(true);

    const text = await stkMigrate(project.root, 'new', 'blank after slug', '--empty');
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^validate:\n.*_blank_after_slug\.py:\d+:\d+ warning empty-upgrade /m);
  });

  it('reports no changes and leaves no file when the models match the database', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const before = versions(project.root);
    const result = await stkMigrate(project.root, 'new', 'nothing to do');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^no changes: autogenerate found nothing to migrate .* was removed; pass --keep-empty to keep it, or --empty for a blank revision$/);
    expect(versions(project.root)).toEqual(before);
  });

  it('keeps the revision without changes with --keep-empty', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const before = versions(project.root);
    const result = await stkMigrate(project.root, 'new', 'keep me', '--keep-empty', '--format', 'json');
    expect(result.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ noChanges: true, removed: false, message: 'keep me' });
    expect(versions(project.root)).toEqual([...before, report.file.split('/').pop()!].sort());
    expect(report.validate.findings.map((finding) => finding.rule)).toContain('empty-upgrade');
    await alembic(project.root, 'upgrade', 'head');
    const text = await stkMigrate(project.root, 'new', 'keep me too', '--keep-empty');
    expect(text.stdout).toMatch(/\(no changes, kept with --keep-empty\)/);
    expect(text.stdout).toMatch(/^no changes: autogenerate found nothing to migrate \(upgrade\(\) is only pass\)$/m);
  });

  it('says what to do when the database is behind the head, in one line, before anything runs', async () => {
    const head = await alembicHead(project.root);
    await alembic(project.root, 'upgrade', 'head');
    await alembic(project.root, 'downgrade', '-1');
    const before = versions(project.root);
    const result = await stkMigrate(project.root, 'new', 'add thing', '--format', 'json');
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`is at \\w+, behind the head ${head}, .*apply the pending migrations first \\(quart db upgrade\\), or pass --throwaway`));
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'database' } });
    expect(versions(project.root)).toEqual(before);
  });

  it('never creates the configured SQLite database: a missing one is reported, with the way on', async () => {
    const result = await stkMigrate(project.root, 'new', 'add thing');
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/stk\.db does not exist yet, and autogenerate would create it; apply the migrations first \(quart db upgrade\), or pass --throwaway/);
    expect(existsSync(join(project.root, 'instance'))).toBe(false);
  });

  it('refuses a database at a revision no file declares, naming it', async () => {
    await alembic(project.root, 'upgrade', 'head');
    await alembic(project.root, 'stamp', '--purge', 'head');
    const python = await examplePython(project.root);
    await execa(python[0]!, [...python.slice(1), '-c', "import sqlite3; c = sqlite3.connect('instance/stk.db'); c.execute(\"update alembic_version set version_num = 'abcdef123456'\"); c.commit()"], { cwd: project.root });
    const result = await stkMigrate(project.root, 'new', 'add thing');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/is at abcdef123456, which no migration file declares/);
  });

  it('with two heads, names them and gives the merge command (for --empty too), writing nothing', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const head = await alembicHead(project.root);
    const parent = (await alembic(project.root, 'show', head)).match(/Parent: (\w+)/)![1]!;
    const second = join(project.root, 'alembic', 'versions', 'aaaa11112222_side.py');
    writeFileSync(second, `"""side\n\nRevision ID: aaaa11112222\n"""\nrevision = "aaaa11112222"\ndown_revision = "${parent}"\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`);
    const before = versions(project.root);
    for (const extra of [[], ['--empty']]) {
      const result = await stkMigrate(project.root, 'new', 'add thing', ...extra);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`the history has 2 heads (`);
      expect(result.stderr).toMatch(new RegExp(`merge them first: alembic merge -m "merge heads" (${head} aaaa11112222|aaaa11112222 ${head})$`, 'm'));
      expect(versions(project.root)).toEqual(before);
    }
  });

  it("autogenerates against the database .env names, as context reports it, even with plain Alembic (which does not read .env)", async () => {
    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ cli: 'alembic' }));
    // settings that read the environment only, as stk's do: .env reaches them through a Quart command, not through Alembic
    const settings = join(project.root, 'stkapp', 'settings.py');
    const loads = 'if load_dotenv is not None:\n    load_dotenv(ROOT / ".env")';
    expect(readFileSync(settings, 'utf8')).toContain(loads);
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(loads, 'pass'));
    const other = join(project.root, 'other.db');
    writeFileSync(join(project.root, '.env'), `QUART_APP=run.py\nSQLALCHEMY_DATABASE_URI=sqlite+aiosqlite:///${other}\n`);
    const python = await examplePython(project.root);
    await execa(python[0]!, [...python.slice(1), '-m', 'alembic', 'upgrade', 'head'], { cwd: project.root, env: { SQLALCHEMY_DATABASE_URI: `sqlite+aiosqlite:///${other}` } });
    const context = await stkMigrate(project.root, 'context', '--format', 'json');
    expect(JSON.parse(context.stdout).project).toMatchObject({ databaseSource: '.env' });
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    const title = '    title = Column(String(255), nullable=False)\n';
    writeFileSync(models, readFileSync(models, 'utf8').replace(title, `${title}    subtitle = Column(String(120), nullable=True)\n`));
    const result = await stkMigrate(project.root, 'new', 'add subtitle', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ database: 'configured', noChanges: false });
    expect(readFileSync(join(project.root, report.file), 'utf8')).toContain("batch_op.add_column(sa.Column('subtitle'");
    expect(existsSync(join(project.root, 'instance'))).toBe(false);
  });

  it.each([
    ['empty', '', /the message is empty/],
    ['blank', '   ', /the message is empty/],
    ['201 characters long', 'x'.repeat(201), /201 characters, more than 200/],
    ['multi-line', 'first line\nsecond line', /spans several lines/],
    ['carriage return', 'first\rsecond', /spans several lines/],
  ])('rejects a message that is %s with one line and exit 2, running nothing', async (_what, message, error) => {
    const before = versions(project.root);
    const result = await stkMigrate(project.root, 'new', message);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(error);
    expect(versions(project.root)).toEqual(before);
    expect(existsSync(join(project.root, 'instance'))).toBe(false);
  });

  it('accepts a message of exactly 200 characters', async () => {
    const message = 'y'.repeat(200);
    const result = await stkMigrate(project.root, 'new', message, '--empty', '--format', 'json');
    expect(result.exitCode).toBe(0);
    expect(NewReportSchema.parse(JSON.parse(result.stdout)).message).toBe(message);
  });

  it('passes a message full of shell metacharacters as one argument: the exact message, and nothing else runs', async () => {
    await alembic(project.root, 'upgrade', 'head');
    const marker = join(dirname(project.root), 'pwned');
    const message = `$(touch ${marker}); "'\\\``;
    const before = versions(project.root);
    const result = await stkMigrate(project.root, 'new', message, '--keep-empty', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report.message).toBe(message);
    expect(versions(project.root)).toEqual([...before, report.file.split('/').pop()!].sort());

    const lines = readFileSync(join(project.root, report.file), 'utf8').split('\n');
    expect(lines[0]).toBe(`"""${message}`);
    expect(lines).toContain(`Revision ID: ${report.revision}`);
    expect(lines).toContain(`revision = "${report.revision}"`);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(dirname(project.root))).toEqual(['stk-app']);
  });

  it('reports the message as written, backslashes and all, as the file holds it', async () => {
    const message = 'back\\slash \\n \\x00';
    expect(message).toBe(String.raw`back\slash \n \x00`);
    const result = await stkMigrate(project.root, 'new', message, '--empty', '--format', 'json');
    expect(result.stderr).toBe('');
    const report = NewReportSchema.parse(JSON.parse(result.stdout));
    expect(report.message).toBe(message);
    expect(readFileSync(join(project.root, report.file), 'utf8').split('\n')[0]).toBe(`"""${message}`);
    const text = await stkMigrate(project.root, 'new', message, '--empty');
    expect(text.stdout.split('\n')[0]).toContain(`"${message}"`);
  });
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingsReportSchema } from '../../../scripts/lib/findings/schema.js';
import { copyExample, stkMigrate } from '../../helpers/example-project.js';
import { createDatabase, dropDatabase, pgUrlFor, throwawayDatabaseName } from '../../helpers/pg.js';
import { addBioToModel, bioMigration, exampleHead } from './fixtures.js';

// CommonJS seen from ESM: the default import is module.exports, whose `default` is the class
const Ajv = AjvModule.default;

const sarifSchema = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
);

describe('stk-migrate validate on a copy of examples/stk-app', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  function writeMigration(forgetIndex: boolean): string {
    const { name, text } = bioMigration(exampleHead(project.root), forgetIndex);
    writeFileSync(join(project.root, 'alembic', 'versions', name), text);
    return `alembic/versions/${name}`;
  }

  it('finds no error in any of the example migrations (exit 0)', async () => {
    const result = await stkMigrate(project.root, 'validate', '--all', '--format', 'json');
    const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('reports a downgrade that forgets an index at its line, with the fix (exit 1)', async () => {
    addBioToModel(project.root);
    const file = writeMigration(true);
    const text = await stkMigrate(project.root, 'validate', file);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`${file}:22:\\d+ error downgrade-not-inverse`));
    expect(text.stdout).toContain('help: in downgrade(), add `batch_op.drop_index(batch_op.f("ix_user_bio"))`');

    const json = FindingsReportSchema.parse(JSON.parse((await stkMigrate(project.root, 'validate', file, '--format', 'json')).stdout));
    expect(json.summary.errors).toBe(1);
    expect(json.findings[0]).toMatchObject({ rule: 'downgrade-not-inverse', file, line: 22 });
  });

  it('is clean once the downgrade drops the index too', async () => {
    addBioToModel(project.root);
    const file = writeMigration(false);
    const result = await stkMigrate(project.root, 'validate', file, '--format', 'json');
    const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
    expect(report.summary.errors).toBe(0);
    expect(result.exitCode).toBe(0);
  });

  it('defaults to the migrations changed since git HEAD', async () => {
    await execa('git', ['init', '-q'], { cwd: project.root });
    await execa('git', ['add', '-A'], { cwd: project.root });
    await execa('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base'], { cwd: project.root });
    const clean = await stkMigrate(project.root, 'validate');
    expect(clean.stdout).toMatch(/checked 1 file \(the head revision/);
    addBioToModel(project.root);
    const file = writeMigration(true);
    const changed = await stkMigrate(project.root, 'validate');
    expect(changed.stdout).toMatch(/checked 1 file \(migrations changed or added since git HEAD\)/);
    expect(changed.stdout).toContain(file);
    expect(changed.exitCode).toBe(1);
  });

  it('writes SARIF 2.1.0 that the official schema accepts, with the finding located', async () => {
    addBioToModel(project.root);
    const file = writeMigration(true);
    const result = await stkMigrate(project.root, 'validate', file, '--format', 'sarif');
    const sarif = JSON.parse(result.stdout);
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false });
    const valid = ajv.validate(sarifSchema, sarif);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const [run] = sarif.runs;
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('downgrade-not-inverse');
    expect(run.results[0]).toMatchObject({
      ruleId: 'downgrade-not-inverse',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 22 } } }],
    });
  });

  it('honours config severities and inline suppressions with a reason', async () => {
    addBioToModel(project.root);
    const file = writeMigration(true);
    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ rules: { 'downgrade-not-inverse': 'warning' } }));
    const lowered = await stkMigrate(project.root, 'validate', file, '--format', 'json');
    expect(FindingsReportSchema.parse(JSON.parse(lowered.stdout)).findings.find((f) => f.rule === 'downgrade-not-inverse')?.severity).toBe('warning');
    expect(lowered.exitCode).toBe(0);

    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ rules: {} }));
    const path = join(project.root, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[21] = `${lines[21]}  # stk-migrate: ignore[downgrade-not-inverse] the index goes with the column on SQLite`;
    writeFileSync(path, lines.join('\n'));
    const suppressed = await stkMigrate(project.root, 'validate', file, '--format', 'json');
    expect(FindingsReportSchema.parse(JSON.parse(suppressed.stdout)).findings.map((f) => f.rule)).not.toContain('downgrade-not-inverse');
    expect(suppressed.exitCode).toBe(0);
  });

  it('reports a model file with a syntax error, and never advises dropping the table it declares', async () => {
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    writeFileSync(models, readFileSync(models, 'utf8').replace('class Post(PublishableMixin, Base):', 'class Post(PublishableMixin, Base)'));
    const result = await stkMigrate(project.root, 'validate', '--all', '--format', 'json');
    const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
    expect(report.findings.filter((finding) => finding.rule === 'syntax-error')).toMatchObject([{ file: 'stkapp/blog/models.py', severity: 'error' }]);
    expect(report.findings.filter((finding) => finding.rule === 'table-not-in-models')).toMatchObject([{ severity: 'info', message: expect.stringContaining('table `post`') }]);
    expect(report.findings.filter((finding) => finding.help.includes('drop_table'))).toEqual([]);
    expect(result.exitCode).toBe(1);
  });

  it('exits 2 with one line for bad input', async () => {
    const missing = await stkMigrate(project.root, 'validate', 'alembic/versions/nope.py');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope\.py: no such file/);

    const format = await stkMigrate(project.root, 'validate', '--format', 'xml');
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of text, json, sarif/);

    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ rules: { 'downgrade-not-invers': 'off' } }));
    const config = await stkMigrate(project.root, 'validate');
    expect(config.exitCode).toBe(2);
    expect(config.stderr.trim().split('\n')).toHaveLength(1);
    expect(config.stderr).toMatch(/unknown rule 'downgrade-not-invers'.*did you mean 'downgrade-not-inverse'/);
    expect(config.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stk-migrate validate on a PostgreSQL project: squawk', () => {
  let project: { root: string; cleanup: () => void };
  const database = throwawayDatabaseName();
  beforeEach(async () => {
    project = copyExample();
    await createDatabase(database);
  });
  afterEach(async () => {
    project.cleanup();
    await dropDatabase(database);
  });

  it('renders the migration with Alembic offline and maps squawk findings to the operation line', async () => {
    addBioToModel(project.root);
    const { name, text } = bioMigration(exampleHead(project.root), false);
    mkdirSync(join(project.root, 'alembic', 'versions'), { recursive: true });
    writeFileSync(join(project.root, 'alembic', 'versions', name), text);
    const url = pgUrlFor(database).replace('postgresql://', 'postgresql+psycopg2://');
    writeFileSync(join(project.root, '.env'), `QUART_APP=run.py\nSQLALCHEMY_DATABASE_URI=${url}\n`);
    const result = await stkMigrate(project.root, 'validate', `alembic/versions/${name}`, '--format', 'json');
    const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
    const squawk = report.findings.filter((finding) => finding.rule.startsWith('squawk/'));
    expect(squawk.map((finding) => finding.rule)).toContain('squawk/require-concurrent-index-creation');
    const index = squawk.find((finding) => finding.rule === 'squawk/require-concurrent-index-creation')!;
    expect(index.file).toBe(`alembic/versions/${name}`);
    expect(index.line).toBe(22);
    expect(index.message).toContain('CREATE INDEX ix_user_bio');
    expect(result.stdout).not.toContain('stk_migrate:stk_migrate@');

    const skipped = await stkMigrate(project.root, 'validate', `alembic/versions/${name}`, '--no-squawk', '--format', 'json');
    expect(FindingsReportSchema.parse(JSON.parse(skipped.stdout)).findings.some((finding) => finding.rule.startsWith('squawk/'))).toBe(false);
  });
});

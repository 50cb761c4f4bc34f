import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingsReportSchema } from '../../scripts/lib/findings/schema.js';
import { copyExample, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache } from '../helpers/temp.js';
import { BROKEN_LINE, BROKEN_VIEW, brokenView, copyShop, fixedView } from './fixtures.js';

// CommonJS seen from ESM: the default import is module.exports, whose `default` is the class
const Ajv = AjvModule.default;
const sarifSchema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));

async function git(root: string, ...args: string[]) {
  return execa('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root });
}

describe('stk-migrate lint on a copy of the stk-shaped fixture', () => {
  isolateParseCache();
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyShop();
  });
  afterEach(() => project.cleanup());

  it('finds nothing at all in code written the stk way (lint --all, exit 0)', async () => {
    const result = await stkMigrate(project.root, 'lint', '--all', '--format', 'json');
    const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
    expect(report.findings).toEqual([]);
    expect(result.exitCode).toBe(0);
    const text = await stkMigrate(project.root, 'lint', '--all');
    expect(text.stdout).toBe('checked 20 files (all 20 app files)\nno findings');
  });

  it('reports an un-awaited session call at its line with the fix (exit 1), in text and JSON', async () => {
    writeFileSync(join(project.root, BROKEN_VIEW), brokenView);
    const text = await stkMigrate(project.root, 'lint', BROKEN_VIEW);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain(`${BROKEN_VIEW}:${BROKEN_LINE}:14 error missing-await`);
    expect(text.stdout).toContain('help: write `await g.db_session.execute(select(func.count()).select_from(Thing))`');
    expect(text.stdout).toMatch(/^checked 1 file \(the files given\)$/m);

    const json = FindingsReportSchema.parse(JSON.parse((await stkMigrate(project.root, 'lint', BROKEN_VIEW, '--format', 'json')).stdout));
    expect(json.summary.errors).toBe(1);
    expect(json.findings).toMatchObject([{ rule: 'missing-await', file: BROKEN_VIEW, line: BROKEN_LINE, severity: 'error' }]);

    writeFileSync(join(project.root, BROKEN_VIEW), fixedView);
    expect(await stkMigrate(project.root, 'lint', BROKEN_VIEW)).toMatchObject({ exitCode: 0 });
  });

  it('takes files relative to the working directory, templates included', async () => {
    const template = join(project.root, 'shop', 'templates', 'cms', 'things.html');
    writeFileSync(template, readFileSync(template, 'utf8').replace('icon="ti ti-pencil"', 'icon="mdi-pencil"'));
    const result = await stkMigrate(join(project.root, 'shop', 'templates'), 'lint', 'cms/things.html', '--format', 'json');
    const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
    expect(report.findings).toMatchObject([{ rule: 'mdi-icon', file: 'shop/templates/cms/things.html', severity: 'warning' }]);
    expect(result.exitCode).toBe(0);
  });

  it('defaults to the app files changed or added since git HEAD', async () => {
    await git(project.root, 'init', '-q');
    await git(project.root, 'add', '-A');
    await git(project.root, 'commit', '-qm', 'base');
    const clean = await stkMigrate(project.root, 'lint');
    expect(clean.stdout).toMatch(/^checked 0 files \(no app file changed since git HEAD; pass --all to check every one\)/);
    expect(clean.exitCode).toBe(0);

    writeFileSync(join(project.root, BROKEN_VIEW), brokenView);
    writeFileSync(join(project.root, 'README.md'), 'not app code\n');
    const views = join(project.root, 'shop', 'things', 'views.py');
    writeFileSync(views, `${readFileSync(views, 'utf8')}\n`);
    const changed = await stkMigrate(project.root, 'lint', '--format', 'text');
    expect(changed.stdout).toMatch(/^checked 2 files \(app files changed or added since git HEAD\)/);
    expect(changed.stdout).toContain(`${BROKEN_VIEW}:${BROKEN_LINE}:14 error missing-await`);
    expect(changed.exitCode).toBe(1);
  });

  it('outside git, checks every app file and says why', async () => {
    const result = await stkMigrate(project.root, 'lint');
    expect(result.stdout).toMatch(/^checked 20 files \(all 20 app files: not a git repository/);
  });

  it('writes SARIF 2.1.0 that the official schema accepts, with the finding located', async () => {
    writeFileSync(join(project.root, BROKEN_VIEW), brokenView);
    const result = await stkMigrate(project.root, 'lint', BROKEN_VIEW, '--format', 'sarif');
    const sarif = JSON.parse(result.stdout);
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false });
    const valid = ajv.validate(sarifSchema, sarif);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const [run] = sarif.runs;
    expect(run.tool.driver.rules).toMatchObject([{ id: 'missing-await', defaultConfiguration: { level: 'error' } }]);
    expect(run.results).toMatchObject([{ ruleId: 'missing-await', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: BROKEN_VIEW }, region: { startLine: BROKEN_LINE } } }] }]);
    expect(result.exitCode).toBe(1);
  });

  it('honours config severities and inline suppressions with a reason', async () => {
    const view = join(project.root, BROKEN_VIEW);
    writeFileSync(view, brokenView);
    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ rules: { 'missing-await': 'warning' } }));
    const lowered = await stkMigrate(project.root, 'lint', BROKEN_VIEW, '--format', 'json');
    expect(FindingsReportSchema.parse(JSON.parse(lowered.stdout)).findings).toMatchObject([{ rule: 'missing-await', severity: 'warning' }]);
    expect(lowered.exitCode).toBe(0);

    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ rules: {} }));
    const lines = brokenView.split('\n');
    lines[BROKEN_LINE - 1] += '  # stk: ignore[missing-await] scalar() below is only reached in tests that stub the session';
    writeFileSync(view, lines.join('\n'));
    const suppressed = await stkMigrate(project.root, 'lint', BROKEN_VIEW, '--format', 'json');
    expect(FindingsReportSchema.parse(JSON.parse(suppressed.stdout)).findings).toEqual([]);
    expect(suppressed.exitCode).toBe(0);

    // the project config's rules table is one for the whole suite: a migration rule id is accepted in a view too
    lines[BROKEN_LINE - 1] = lines[BROKEN_LINE - 1]!.replace('ignore[missing-await]', 'ignore[missing-await, drop-column]');
    writeFileSync(view, lines.join('\n'));
    expect(FindingsReportSchema.parse(JSON.parse((await stkMigrate(project.root, 'lint', BROKEN_VIEW, '--format', 'json')).stdout)).findings).toEqual([]);
  });

  it('exits 2 with one line for bad input', async () => {
    const missing = await stkMigrate(project.root, 'lint', 'shop/nope.py');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/shop\/nope\.py: no such file/);

    const kind = await stkMigrate(project.root, 'lint', 'pyproject.toml');
    expect(kind.exitCode).toBe(2);
    expect(kind.stderr).toMatch(/pyproject\.toml: lint reads Python modules \(\.py\) and templates \(\.html\)/);

    const format = await stkMigrate(project.root, 'lint', '--format', 'xml');
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of text, json, sarif/);

    writeFileSync(join(project.root, '.stk-migrate.json'), JSON.stringify({ rules: { 'missing-awiat': 'off' } }));
    const config = await stkMigrate(project.root, 'lint', '--all');
    expect(config.exitCode).toBe(2);
    expect(config.stderr.trim().split('\n')).toHaveLength(1);
    expect(config.stderr).toMatch(/unknown rule 'missing-awiat'.*did you mean 'missing-await'/);
    expect(config.stderr).not.toMatch(/\n\s+at /);
  });

  it('is listed under stk-dev in --help and has its own --help', async () => {
    const help = await stkMigrate(project.root, '--help');
    expect(help.stdout).toMatch(/stk-dev \(stk conventions as checks\):\n {2}lint +Check app code against stk's conventions/);
    const own = await stkMigrate(project.root, 'lint', '--help');
    expect(own.exitCode).toBe(0);
    expect(own.stdout).toMatch(/^Usage: stk-migrate lint \[files\.\.\.\] \[--all\]/);
  });
});

describe('stk-migrate lint on a copy of examples/stk-app (stk-shaped code this catalogue was not written against)', () => {
  isolateParseCache();

  it('reports no error in the example app: views, models, templates', async () => {
    const example = copyExample();
    try {
      const result = await stkMigrate(example.root, 'lint', '--all', '--format', 'json');
      const report = FindingsReportSchema.parse(JSON.parse(result.stdout));
      expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
    } finally {
      example.cleanup();
    }
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingsReportSchema } from '../../scripts/lib/findings/schema.js';
import { copyExample, stkMigrate } from '../helpers/example-project.js';

const Ajv = AjvModule.default;
const sarifSchema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));

const VIEWS = 'stkapp/user/views.py';

/** The example's users API with the 404 check of the update and the auth of the blueprint removed. */
function breakViews(source: string): string {
  return source
    .replace('    if user is None:\n        return json_response({"message": "User not found."}, 404)\n    data = (await request.json', '    data = (await request.json')
    .replace('@bp_user.before_request\n@auth_required("session")\n@roles_required("admin")\nasync def before_request():\n    pass\n', '');
}

describe('stk-migrate api-check on a copy of examples/stk-app', () => {
  let example: { root: string; cleanup: () => void };
  let original: string;
  beforeAll(() => {
    example = copyExample();
    original = readFileSync(join(example.root, VIEWS), 'utf8');
    writeFileSync(join(example.root, VIEWS), breakViews(original));
  });
  afterAll(() => example.cleanup());

  it('checks every file that declares routes by default and exits 1 on errors, with file:line, rule and help', async () => {
    const run = await stkMigrate(example.root, 'api-check');
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('checked 3 files (every file that declares routes)');
    expect(run.stdout).toMatch(/^stkapp\/user\/views\.py:\d+:\d+ error missing-not-found `user` may be None/m);
    expect(run.stdout).toMatch(/^stkapp\/user\/views\.py:\d+:\d+ error unprotected-route POST \/api\/user\/ has no auth although it changes data/m);
    expect(run.stdout).toMatch(/^ {2}help: /m);
  });

  it('checks only the files named; json follows the findings schema; sarif the SARIF 2.1.0 schema', async () => {
    const json = await stkMigrate(example.root, 'api-check', 'stkapp/blog/views.py', '--format', 'json');
    expect(json.exitCode).toBe(0);
    expect(FindingsReportSchema.parse(JSON.parse(json.stdout))).toEqual({ findings: [], summary: { errors: 0, warnings: 0, infos: 0 } });
    const sarif = await stkMigrate(example.root, 'api-check', VIEWS, '--format', 'sarif');
    expect(sarif.exitCode).toBe(1);
    const parsed = JSON.parse(sarif.stdout);
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false });
    ajv.validate(sarifSchema, parsed);
    expect(ajv.errors ?? []).toEqual([]);
    expect(parsed.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['missing-not-found', 'unprotected-route']);
  });

  it('honours suppressions with a reason, reports those without one, and takes severities from the config', async () => {
    const broken = readFileSync(join(example.root, VIEWS), 'utf8');
    const suppressed = broken
      .replace('@bp_user.post("/api/user/")\n', '@bp_user.post("/api/user/")  # stk: ignore[unprotected-route] created by a signed webhook\n')
      .replace('@bp_user.delete("/api/user/<int:id>")\n', '@bp_user.delete("/api/user/<int:id>")  # stk: ignore[unprotected-route]\n');
    writeFileSync(join(example.root, VIEWS), suppressed);
    writeFileSync(join(example.root, '.stk-migrate.json'), JSON.stringify({ rules: { 'missing-not-found': 'warning' } }));
    try {
      const report = FindingsReportSchema.parse(JSON.parse((await stkMigrate(example.root, 'api-check', VIEWS, '--format', 'json')).stdout));
      const lines = (snippet: string) => suppressed.split('\n').findIndex((line) => line.includes(snippet)) + 1;
      const byRule = (rule: string) => report.findings.filter((finding) => finding.rule === rule).map((finding) => finding.line);
      expect(byRule('unprotected-route')).not.toContain(lines('@bp_user.post("/api/user/")'));
      expect(byRule('unprotected-route')).toContain(lines('@bp_user.delete("/api/user/<int:id>")'));
      expect(byRule('invalid-suppression')).toEqual([lines('@bp_user.delete("/api/user/<int:id>")')]);
      expect(report.findings.filter((finding) => finding.rule === 'missing-not-found').map((finding) => finding.severity)).toEqual(['warning']);
    } finally {
      writeFileSync(join(example.root, VIEWS), broken);
      writeFileSync(join(example.root, '.stk-migrate.json'), '{}');
    }
  });

  it('runs stk-dev\'s lint rules on the same files: an un-awaited session call in a view is reported with the API rules', async () => {
    const blog = join(example.root, 'stkapp', 'blog', 'views.py');
    const before = readFileSync(blog, 'utf8');
    writeFileSync(blog, before.replace('async def posts_page():\n    return await render_template("cms/posts.html")', 'async def posts_page():\n    g.db_session.commit()\n    return await render_template("cms/posts.html")').replace('from quart import Blueprint, render_template', 'from quart import Blueprint, g, render_template'));
    try {
      const run = await stkMigrate(example.root, 'api-check', 'stkapp/blog/views.py', '--format', 'json');
      expect(run.exitCode).toBe(1);
      const report = FindingsReportSchema.parse(JSON.parse(run.stdout));
      expect(report.findings.map((finding) => [finding.rule, finding.line])).toEqual([['missing-await', 17]]);
    } finally {
      writeFileSync(blog, before);
    }
  });

  it('says what is wrong with its arguments in one line, exit 2', async () => {
    const missing = await stkMigrate(example.root, 'api-check', 'stkapp/nope.py');
    expect([missing.exitCode, missing.stderr]).toEqual([2, 'stk-migrate: stkapp/nope.py: no such file']);
    const template = await stkMigrate(example.root, 'api-check', 'stkapp/templates/cms/posts.html');
    expect(template.stderr).toBe('stk-migrate: stkapp/templates/cms/posts.html: api-check reads Python modules (.py)');
    const format = await stkMigrate(example.root, 'api-check', '--format', 'yaml');
    expect(format.stderr).toMatch(/--format must be one of text, json, sarif/);
  });
});

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkBlueprints } from '../../scripts/lib/blueprint/check.js';
import { loadBlueprintProject } from '../../scripts/lib/blueprint/project.js';
import { scaffold } from '../../scripts/lib/blueprint/scaffold.js';
import { discoverIn } from '../helpers/discover.js';
import { copyExample, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache } from '../helpers/temp.js';
import { treeState } from './fixtures.js';

isolateParseCache();
const TIMEOUT = { timeout: 120_000 };
const env = { ...process.env };

describe('blueprint-check on a copy of examples/stk-app with a scaffolded invoice_line', () => {
  let example: { root: string; cleanup: () => void };
  let pristine: Map<string, string>;
  const files = ['stkapp/app.py', 'stkapp/static/js/navigation.js', 'stkapp/invoice_line/views.py', 'stkapp/invoice_line/models.py'];
  beforeAll(async () => {
    example = copyExample();
    const report = await scaffold(await discoverIn(example.root, { env }), 'invoice_line', { timeoutSeconds: 120, env, keep: true, afterStep: (step) => { if (step === 'roundtrip') throw new Error('enough'); } });
    expect(report.migration).toBeTruthy();
    pristine = new Map(files.map((file) => [file, readFileSync(join(example.root, file), 'utf8')]));
  }, 180_000);
  afterAll(() => example.cleanup());
  beforeEach(() => {
    for (const [file, text] of pristine) writeFileSync(join(example.root, file), text);
  });

  async function check(name?: string) {
    const bp = await loadBlueprintProject(await discoverIn(example.root, { env }));
    return checkBlueprints(bp, { name, timeoutSeconds: 60 });
  }
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(join(example.root, file), 'utf8');
    expect(text).toContain(from);
    writeFileSync(join(example.root, file), text.replace(from, to));
  };

  it('finds nothing wrong with the scaffolded module, nor with the example\'s own blueprints', TIMEOUT, async () => {
    expect((await check('invoice_line')).findings).toEqual([]);
    const all = await check();
    expect(all.targets).toHaveLength(4);
    expect(all.findings).toEqual([]);
  });

  it('catches a module that is not registered', TIMEOUT, async () => {
    edit('stkapp/app.py', '    app.register_blueprint(bp_invoice_line)\n', '');
    const { findings } = await check('invoice_line');
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`)).toEqual(['blueprint-not-registered stkapp/invoice_line/views.py:13']);
    expect(findings[0]!.help).toContain('register_blueprints() of stkapp/app.py');
  });

  it('catches a module registered twice', TIMEOUT, async () => {
    edit('stkapp/app.py', '    app.register_blueprint(bp_invoice_line)\n', '    app.register_blueprint(bp_invoice_line)\n    app.register_blueprint(bp_invoice_line)\n');
    expect((await check('invoice_line')).findings.map((finding) => `${finding.rule} ${finding.file}`)).toEqual(['blueprint-registered-twice stkapp/app.py']);
  });

  it("catches models that env.py's metadata never imports (found by running env.py)", TIMEOUT, async () => {
    renameSync(join(example.root, 'stkapp/invoice_line/models.py'), join(example.root, 'stkapp/invoice_line/tables.py'));
    try {
      edit('stkapp/invoice_line/views.py', 'from stkapp.invoice_line.models import InvoiceLine', 'from stkapp.invoice_line.tables import InvoiceLine');
      const { findings } = await check('invoice_line');
      expect(findings.map((finding) => `${finding.rule} ${finding.file}`)).toEqual(['models-not-in-metadata stkapp/invoice_line/tables.py']);
      expect(findings[0]!.message).toContain('InvoiceLine (table invoice_line) is not in the metadata env.py migrates');
    } finally {
      renameSync(join(example.root, 'stkapp/invoice_line/tables.py'), join(example.root, 'stkapp/invoice_line/models.py'));
    }
  });

  it('catches a dead sidebar path, and through the CLI exits 1 with the shared findings schema', TIMEOUT, async () => {
    edit('stkapp/static/js/navigation.js', "to: '/invoice_lines/'", "to: '/invoice_line/'");
    const { findings } = await check('invoice_line');
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`)).toEqual(['navigation-dead-link stkapp/static/js/navigation.js:5:3']);
    expect(findings[0]!.help).toBe("point it at the module's page: /invoice_lines/");
    const before = treeState(example.root);
    const cli = await stkMigrate(example.root, 'blueprint-check', 'invoice_line', '--format', 'json');
    expect(cli.exitCode).toBe(1);
    const report = JSON.parse(cli.stdout) as { findings: { rule: string }[]; summary: { errors: number } };
    expect(report.findings.map((finding) => finding.rule)).toEqual(['navigation-dead-link']);
    expect(report.summary.errors).toBe(1);
    expect(treeState(example.root)).toEqual(before);
  });

  it('warns about a second sidebar entry for the module\'s page (through the CLI, exit 0)', TIMEOUT, async () => {
    const entry = "  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n";
    edit('stkapp/static/js/navigation.js', entry, `${entry}${entry.replace("'/invoice_lines/'", "'/invoice_lines'")}`);
    const cli = await stkMigrate(example.root, 'blueprint-check', 'invoice_line', '--format', 'json');
    expect(cli.exitCode, cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout) as { findings: { rule: string; file: string; line: number; severity: string; message: string }[] };
    expect(report.findings.map((finding) => `${finding.rule} ${finding.severity} ${finding.file}:${finding.line}`)).toEqual(['navigation-duplicate warning stkapp/static/js/navigation.js:6']);
    expect(report.findings[0]!.message).toBe('the sidebar entry "Invoice lines" opens /invoice_lines again (first at stkapp/static/js/navigation.js:5): admins see the section twice.');
  });

  it('catches a missing sidebar entry, a table no migration creates, a missing template and a template that breaks the lint rules', TIMEOUT, async () => {
    edit('stkapp/static/js/navigation.js', "  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n", '');
    edit('stkapp/invoice_line/models.py', '__tablename__ = "invoice_line"', '__tablename__ = "invoice_lines"');
    edit('stkapp/invoice_line/views.py', 'render_template("cms/invoice_lines.html")', 'render_template("cms/invoice_line.html")');
    const rules = (await check('invoice_line')).findings.map((finding) => finding.rule).sort();
    expect(rules).toEqual(['navigation-missing', 'table-not-migrated', 'template-missing']);
    for (const [file, text] of pristine) writeFileSync(join(example.root, file), text);
    const template = join(example.root, 'stkapp/templates/cms/invoice_lines.html');
    const page = readFileSync(template, 'utf8');
    try {
      writeFileSync(template, page.replace('  delimiters: config.delimiters,\n', ''));
      expect((await check('invoice_line')).findings.map((finding) => `${finding.rule} ${finding.file}`)).toEqual(['missing-delimiters stkapp/templates/cms/invoice_lines.html']);
    } finally {
      writeFileSync(template, page);
    }
  });

  it('says which blueprints exist when the name matches none', TIMEOUT, async () => {
    const cli = await stkMigrate(example.root, 'blueprint-check', 'nothing_here');
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(/no blueprint or module called nothing_here; blueprints: blog, invoice_line, public, users/);
  });
});

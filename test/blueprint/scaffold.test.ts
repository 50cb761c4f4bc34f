import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBlueprints } from '../../scripts/lib/blueprint/check.js';
import { loadBlueprintProject } from '../../scripts/lib/blueprint/project.js';
import { scaffold, scaffoldSteps, type ScaffoldOptions } from '../../scripts/lib/blueprint/scaffold.js';
import { discoverIn } from '../helpers/discover.js';
import { copyExample, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache } from '../helpers/temp.js';
import { layScaffolder, treeState } from './fixtures.js';

isolateParseCache();
const TIMEOUT = { timeout: 240_000 };
const env = { ...process.env };
const options: ScaffoldOptions = { timeoutSeconds: 120, env };

const copies: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.cleanup();
});
function example(): string {
  const copy = copyExample();
  copies.push(copy);
  return copy.root;
}

async function run(root: string, name: string, extra: Partial<ScaffoldOptions> = {}) {
  return scaffold(await discoverIn(root, { env }), name, { ...options, ...extra });
}

describe('scaffold invoice_line on a copy of examples/stk-app', () => {
  it('without a scaffolder: writes the module in stk conventions, wires it by parsing, migrates on a throwaway database and passes every step', TIMEOUT, async () => {
    const root = example();
    const report = await run(root, 'invoice_line');
    expect(report.steps.map((step) => `${step.step}:${step.status}`), JSON.stringify(report.steps, null, 2)).toEqual(scaffoldSteps.map((step) => `${step}:passed`));
    expect(report).toMatchObject({ status: 'done', via: 'generator', model: 'InvoiceLine', page: '/invoice_lines/' });
    expect(report.files.map((file) => `${file.change} ${file.path}`).sort()).toEqual([
      'created stkapp/invoice_line/__init__.py',
      'created stkapp/invoice_line/models.py',
      'created stkapp/invoice_line/views.py',
      'created stkapp/templates/cms/invoice_lines.html',
      'patched stkapp/app.py',
      'patched stkapp/static/js/navigation.js',
    ]);
    expect(readFileSync(join(root, 'stkapp/app.py'), 'utf8')).toMatch(/from stkapp\.invoice_line\.views import bp_invoice_line\n[\s\S]*    app\.register_blueprint\(bp_blog\)\n    app\.register_blueprint\(bp_invoice_line\)\n$/);
    expect(readFileSync(join(root, 'stkapp/static/js/navigation.js'), 'utf8')).toContain("  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n];");
    expect(readFileSync(join(root, report.migration!), 'utf8')).toContain("op.create_table('invoice_line'");
    // the developer's database was never opened, let alone migrated
    expect(existsSync(join(root, 'instance'))).toBe(false);
    const bp = await loadBlueprintProject(await discoverIn(root, { env }));
    expect((await checkBlueprints(bp, { name: 'invoice_line', timeoutSeconds: 60 })).findings).toEqual([]);
  });

  it('with stk new <name> [--no-migrate] in the project: runs it without migrating, then proves the module', TIMEOUT, async () => {
    const root = example();
    layScaffolder(root, 'stk');
    const report = await run(root, 'invoice_line');
    expect(report.steps.filter((step) => step.status !== 'passed'), JSON.stringify(report.steps, null, 2)).toEqual([]);
    expect(report.via).toBe('scaffolder');
    expect(report.command?.slice(-3)).toEqual(['new', 'invoice_line', '--no-migrate']);
    expect(report.command?.join(' ')).toContain('from stkapp.scaffold.main import main');
    expect(readFileSync(join(root, 'stkapp/invoice_line/models.py'), 'utf8')).toContain('title = Column(String(255), nullable=False)');
    expect(existsSync(join(root, 'instance'))).toBe(false);
    expect(report.migration).toMatch(/_add_invoice_line\.py$/);
  });

  it("reads the scaffolder's reserved names and, when its anchor lines moved, undoes its half-done work and writes the module itself", TIMEOUT, async () => {
    const root = example();
    layScaffolder(root, 'quart');
    const refused = await run(root, 'portal');
    expect(refused.refused).toMatch(/'portal' is reserved \(listed in stkapp\/scaffold\/generator\.py:\d+\)/);
    // a reformatted app.py: the scaffolder's anchor line is gone, ours are found by parsing
    const app = join(root, 'stkapp', 'app.py');
    writeFileSync(app, readFileSync(app, 'utf8').replace('def register_blueprints(app):\n', 'def register_blueprints(app) -> None:\n'));
    const report = await run(root, 'invoice_line');
    expect(report.steps.filter((step) => step.status !== 'passed'), JSON.stringify(report.steps, null, 2)).toEqual([]);
    expect(report.via).toBe('generator');
    expect(report.notes.join('\n')).toMatch(/quart new invoice_line failed .*anchor .* not found.*our generator wrote the module/);
    expect(readFileSync(app, 'utf8').match(/register_blueprint\(bp_invoice_line\)/g)).toHaveLength(1);
  });
});

describe('scaffold refusals and failures leave the tree as it was', () => {
  it('refuses reserved names, keywords, builtins, existing modules and bad characters, changing nothing', TIMEOUT, async () => {
    const root = example();
    const before = treeState(root);
    const cases: [string, RegExp][] = [
      ['user', /reserved/],
      ['class', /Python keyword/],
      ['list', /Python builtin/],
      ['blog', /module folder stkapp\/blog\/ is taken/],
      ['post', /table post is taken|model class Post/],
      ['Invoice-Line', /not lowercase snake_case/],
      ['1abc', /must start with a lowercase letter/],
      ['a b', /characters other than/],
    ];
    for (const [name, reason] of cases) {
      const report = await run(root, name);
      expect(report.status, name).toBe('refused');
      expect(report.refused, name).toMatch(reason);
    }
    const cli = await stkMigrate(root, 'scaffold', 'user');
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout.trim().split('\n')).toEqual(["scaffold user: refused: 'user' is reserved (a name stk itself uses); nothing was changed"]);
    expect(treeState(root)).toEqual(before);
  });

  // A module removed by hand whose import, registration and sidebar entry were kept.
  it('refuses a name whose registration and sidebar entry are left over, naming their lines, and changes nothing', TIMEOUT, async () => {
    const root = example();
    const patch = (file: string, after: string, line: string) => {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text).toContain(after);
      writeFileSync(join(root, file), text.replace(after, `${after}${line}`));
    };
    patch('stkapp/app.py', 'from stkapp.user.views import bp_user\n', 'from stkapp.invoice_line.views import bp_invoice_line\n');
    patch('stkapp/app.py', '    app.register_blueprint(bp_blog)\n', '    app.register_blueprint(bp_invoice_line)\n');
    patch('stkapp/static/js/navigation.js', "  { title: 'Posts', icon: 'ti ti-article', to: '/posts/' },\n", "  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n");
    const leftovers = 'stkapp/app.py:42 registers bp_invoice_line (imported from stkapp.invoice_line.views), stkapp/static/js/navigation.js:5 links /invoice_lines/';
    const context = await stkMigrate(root, 'blueprint-context', 'invoice_line');
    expect(context.stdout).toContain(`### Name \`invoice_line\`: cannot be used: the wiring bp_invoice_line, /invoice_lines/ is taken: ${leftovers}: leftovers of a removed module`);
    const before = treeState(root);
    const cli = await stkMigrate(root, 'scaffold', 'invoice_line');
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout.trim().split('\n')).toEqual([
      `scaffold invoice_line: refused: the wiring bp_invoice_line, /invoice_lines/ is taken: ${leftovers}: leftovers of a removed module, which scaffold would duplicate; delete them (imports included), or restore stkapp/invoice_line/; nothing was changed`,
    ]);
    expect(treeState(root)).toEqual(before);
  });

  it('--dry-run prints the diff and writes nothing', TIMEOUT, async () => {
    const root = example();
    const before = treeState(root);
    const report = await run(root, 'invoice_line', { dryRun: true });
    expect(report.status).toBe('dry-run');
    expect(report.diff).toContain('+++ b/stkapp/invoice_line/views.py');
    expect(report.diff).toContain("+  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },");
    expect(treeState(root)).toEqual(before);
  });

  it('a failure injected at each step restores the tree byte for byte and removes the migration', { timeout: 600_000 }, async () => {
    const root = example();
    const before = treeState(root);
    for (const failing of scaffoldSteps) {
      const report = await run(root, 'invoice_line', {
        afterStep: (step) => {
          if (step === failing) throw new Error(`injected failure after ${step}`);
        },
      });
      expect(report.status, failing).toBe('failed');
      expect(report.steps.at(-1), failing).toMatchObject({ step: failing, status: 'failed', summary: `injected failure after ${failing}` });
      expect(report.restored).toBe(true);
      expect(treeState(root), `after a failure at ${failing}`).toEqual(before);
    }
  });

  it('--keep keeps the files of a failed run', TIMEOUT, async () => {
    const root = example();
    const report = await run(root, 'invoice_line', { keep: true, afterStep: (step) => { if (step === 'validate') throw new Error('stop'); } });
    expect(report).toMatchObject({ status: 'failed', restored: false });
    expect(existsSync(join(root, 'stkapp/invoice_line/models.py'))).toBe(true);
    expect(existsSync(join(root, report.migration!))).toBe(true);
  });
});

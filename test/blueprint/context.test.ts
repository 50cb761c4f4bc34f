import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache } from '../helpers/temp.js';
import { layScaffolder } from './fixtures.js';

isolateParseCache();

describe('blueprint-context on copies of examples/stk-app', () => {
  let plain: { root: string; cleanup: () => void };
  let withScaffolder: { root: string; cleanup: () => void };
  beforeAll(() => {
    plain = copyExample();
    withScaffolder = copyExample();
    layScaffolder(withScaffolder.root, 'stk');
  });
  afterAll(() => {
    plain.cleanup();
    withScaffolder.cleanup();
  });

  it('gives the blueprints and prefixes, the verdict on a free name, the wiring, and our reserved names without a scaffolder', async () => {
    const { stdout, exitCode } = await stkMigrate(plain.root, 'blueprint-context', 'invoice_line');
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^⚠ stk-skills: .*old copies/);
    expect(stdout).toContain('### Name `invoice_line`: valid and free');
    expect(stdout).toContain('- would create: `stkapp/invoice_line/` (model `InvoiceLine`, table `invoice_line`, blueprint `invoice_line` as `bp_invoice_line`), page `GET /invoice_lines/`, template `stkapp/templates/cms/invoice_lines.html`');
    expect(stdout).toContain('| `users` | `bp_user` | stkapp/user/views.py:13 | — | stkapp/app.py:39 | 6 |');
    expect(stdout).toContain('- blueprints are registered in `register_blueprints()` of stkapp/app.py (lines 38, 39, 40)');
    expect(stdout).toContain('- sidebar: `navigation` in stkapp/static/js/navigation.js:2 (/users/, /posts/)');
    expect(stdout).toContain("- no stk scaffolder in the project: scaffold writes the module itself in stk's conventions");
    expect(stdout).toMatch(/- reserved names \(our list\): admin, api, .*user, users/);
  });

  it('names what is taken, and reads the scaffolder, its flags and its reserved names from its source', async () => {
    const taken = await stkMigrate(withScaffolder.root, 'blueprint-context', 'blog', '--format', 'json');
    const context = JSON.parse(taken.stdout) as { name: { refusal: string; checks: { what: string; takenBy: string | null }[] }; scaffolder: { command: string; flags: string[]; noMigrate: string; use: string }; reserved: { source: string; names: string[] } };
    expect(context.name.refusal).toBe('the module folder stkapp/blog/ is taken: stkapp/blog exists');
    expect(context.name.checks.filter((check) => check.takenBy !== null).map((check) => check.what)).toEqual(['module folder', 'blueprint']);
    expect(context.scaffolder).toMatchObject({ command: 'stk new', flags: ['--migrate', '--no-migrate'], noMigrate: '--no-migrate' });
    expect(context.scaffolder.use).toMatch(/scaffold runs `stk new <name> --no-migrate` \(so it applies no migration\)/);
    expect(context.reserved.source).toMatch(/^stkapp\/scaffold\/generator\.py:\d+$/);
    expect(context.reserved.names).toContain('portal');
  });

  it("never fails the skill's load: an unsubstituted $0 means no name, and an error is one line with exit 0", async () => {
    const none = await stkMigrate(plain.root, 'blueprint-context', '$0');
    expect(none.stdout).toContain('### No name given: pass one, e.g. `/stk-blueprint invoice_line`');
    const broken = await stkMigrate(plain.root, 'blueprint-context', 'x', '--format', 'yaml');
    expect(broken.exitCode).toBe(0);
    expect(broken.stdout.trim().split('\n')).toHaveLength(1);
    expect(broken.stdout).toMatch(/^stk-migrate blueprint-context: --format must be one of/);
  });

  it('under --format json, answers an error with one JSON error document and exit 2', async () => {
    const missing = `${plain.root}/nowhere`;
    const run = await stkMigrate(plain.root, 'blueprint-context', 'x', '--project', missing, '--format', 'json');
    expect([run.exitCode, JSON.parse(run.stdout)]).toEqual([2, { error: { code: 'no-project', message: `--project ${missing}: no such folder` } }]);
  });
});

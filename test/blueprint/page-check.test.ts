import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiProject } from '../../scripts/lib/api/project.js';
import { findChromium } from '../../scripts/lib/blueprint/browser.js';
import { runPageCheck } from '../../scripts/lib/blueprint/page.js';
import { scaffold } from '../../scripts/lib/blueprint/scaffold.js';
import { discoverIn } from '../helpers/discover.js';
import { copyExample, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache, useTempDirs } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();
const TIMEOUT = { timeout: 180_000 };
const env = { ...process.env };

// CI installs Chromium (.ci/setup): there this file must run, never skip.
const browser = findChromium();
if (process.env.CI && !browser.executable) throw new Error(`page-check tests need Chromium under CI: ${'reason' in browser ? browser.reason : ''}`);

describe.skipIf(!browser.executable)('page-check in headless Chromium on a scaffolded module', () => {
  let example: { root: string; cleanup: () => void };
  let template: string;
  let original: string;
  beforeAll(async () => {
    example = copyExample();
    const report = await scaffold(await discoverIn(example.root, { env }), 'invoice_line', { timeoutSeconds: 120, env, afterStep: (step) => { if (step === 'api-smoke') throw new Error('stop before the browser'); }, keep: true });
    expect(report.migration).toBeTruthy();
    template = join(example.root, 'stkapp/templates/cms/invoice_lines.html');
    original = readFileSync(template, 'utf8');
  }, 180_000);
  afterAll(() => example.cleanup());

  async function check(screenshot?: string) {
    const api = await loadApiProject(await discoverIn(example.root, { env }));
    return runPageCheck(api, { path: '/invoice_lines/', timeoutSeconds: 120, env, screenshot });
  }

  it('passes: HTTP 200, no console error, the Vue app mounted with the Options API, the created row listed, a screenshot', TIMEOUT, async () => {
    writeFileSync(template, original);
    const screenshot = join(tempDir('shot'), 'page.png');
    const report = await check(screenshot);
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ status: 200, mounted: true, compositionApi: false, consoleErrors: [], template: 'stkapp/templates/cms/invoice_lines.html', screenshot });
    expect(report.row).toMatchObject({ table: 'invoice_line', created: 'api', shown: true });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(example.root, 'instance'))).toBe(false);
  });

  it('fails on a page whose Vue app uses the Composition API (setup()), even though it renders', TIMEOUT, async () => {
    const composition = original.replace(
      /  data\(\) \{\n    return \{/,
      "  setup() {\n    const extra = Vue.ref(0);\n    return { extra };\n  },\n  data() {\n    return {",
    );
    expect(composition).toContain('setup()');
    writeFileSync(template, composition);
    const report = await check();
    expect(report.mounted).toBe(true);
    expect(report.compositionApi).toBe(true);
    expect(report.findings.map((finding) => finding.rule)).toContain('page-check/composition-api');
    expect(report.summary.errors).toBeGreaterThan(0);
  });

  it('fails on a page with a JavaScript error: reported from the console, the app not mounted', TIMEOUT, async () => {
    writeFileSync(template, original.replace("registerStkComponents(app);", 'registerStkComponents(app);\nundefinedHelper();'));
    const report = await check();
    expect(report.consoleErrors.join('\n')).toMatch(/undefinedHelper is not defined/);
    expect(report.mounted).toBe(false);
    expect(report.findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(['page-check/console', 'page-check/not-mounted']));
    writeFileSync(template, original);
  });

  it('through the CLI: one line per fact and exit 0, a usage error for a path no route answers', TIMEOUT, async () => {
    writeFileSync(template, original);
    const passed = await stkMigrate(example.root, 'page-check', '/invoice_lines/');
    expect(passed.exitCode, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toMatch(/✓ Vue app mounted \(Options API\)/);
    expect(passed.stdout).toMatch(/✓ the list shows the row created through the create endpoint/);
    expect(passed.stdout).toMatch(/^screenshot: .*\.png$/m);
    const unknown = await stkMigrate(example.root, 'page-check', '/nowhere/');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no GET route answers \/nowhere\/; pages: .*\/invoice_lines\//);
  });
});

describe('page-check without a browser', () => {
  it('says so in its output, and fails under CI instead of skipping silently', TIMEOUT, async () => {
    const example = copyExample();
    try {
      const api = await loadApiProject(await discoverIn(example.root, { env }));
      const noBrowser = { PATH: '/nonexistent' };
      const local = await runPageCheck(api, { path: '/users/', timeoutSeconds: 60, env: noBrowser });
      expect(local.skipped).toMatch(/no Chromium found .*apt-get install chromium/);
      expect(local.summary.errors).toBe(0);
      const ci = await runPageCheck(api, { path: '/users/', timeoutSeconds: 60, env: { ...noBrowser, CI: 'true' } });
      expect(ci.findings.map((finding) => finding.rule)).toEqual(['page-check/no-browser']);
    } finally {
      example.cleanup();
    }
  });
});

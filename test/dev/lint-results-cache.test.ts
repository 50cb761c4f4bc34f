import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/example-project.js';
import { isolateParseCache } from '../helpers/temp.js';
import { copyShop } from './fixtures.js';

/**
 * lint keeps what it found in a file version with every other file it read (the modules the file imports,
 * looked for even when absent, and the layouts a template extends): a kept result answers only while all
 * of them are as they were. Run with the settle window at 0, so that file identities alone decide.
 */
describe('lint answers from kept results only while every file it read is unchanged', () => {
  const cacheDir = isolateParseCache();
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyShop();
  });
  afterEach(() => project.cleanup());

  async function lintRules(file: string): Promise<string[]> {
    const result = await execa('node', [join(repoRoot, 'dist', 'cli.cjs'), 'lint', file, '--format', 'json'], { cwd: project.root, reject: false, env: { STK_MIGRATE_SETTLE_MS: '0' } });
    expect(result.exitCode, result.stderr).toBeLessThan(2);
    return (JSON.parse(result.stdout) as { findings: { rule: string }[] }).findings.map((finding) => finding.rule);
  }

  const write = (file: string, text: string) => {
    mkdirSync(join(project.root, file, '..'), { recursive: true });
    writeFileSync(join(project.root, file), text);
  };
  const kept = () => readdirSync(cacheDir()).filter((name) => name.startsWith('lint-results-')).flatMap((name) => readdirSync(join(cacheDir(), name)));

  it('an imported module that changes, appears or goes changes the answer', async () => {
    const view = 'shop/things/extra.py';
    write(view, 'from shop.things.service import helper\n\n\nasync def extra():\n    helper()\n    return {}\n');
    write('shop/things/service.py', 'def helper():\n    return 1\n');
    expect(await lintRules(view)).toEqual([]);
    expect(await lintRules(view)).toEqual([]);
    expect(kept().length).toBeGreaterThan(0);

    // the imported function becomes a coroutine: the call without await is now an error
    write('shop/things/service.py', 'async def helper():\n    return 1\n');
    expect(await lintRules(view)).toContain('missing-await');

    // the module goes: nothing to know about helper any more
    rmSync(join(project.root, 'shop/things/service.py'));
    expect(await lintRules(view)).toEqual([]);

    // it comes back as a package: looked for before (absent), found now
    write('shop/things/service/__init__.py', 'async def helper():\n    return 1\n');
    expect(await lintRules(view)).toContain('missing-await');
  });

  it('a layout a template extends that changes changes the answer', async () => {
    const page = 'shop/templates/cms/extra.html';
    const layout = 'shop/templates/extra-layout.html';
    const mountedAround = (inside: boolean) =>
      `<html><body>\n  <div id="app">${inside ? '{% block content %}{% endblock %}' : ''}</div>\n  ${inside ? '' : '{% block content %}{% endblock %}'}\n  {% block js %}{% endblock %}\n</body></html>\n`;
    write(layout, mountedAround(true));
    write(
      page,
      [
        '{% extends "extra-layout.html" %}',
        '{% block content %}<p>{{ total }} things</p>{% endblock %}',
        '{% block js %}<script>',
        '  const { createApp } = Vue;',
        '  const app = createApp({ delimiters: config.delimiters, mixins: [layoutMixin], data() { return { total: 0 }; } });',
        '  registerStkComponents(app);',
        '  app.use(createVuetify(config.vuetifyConfig)).mount("#app");',
        '</script>{% endblock %}',
        '',
      ].join('\n'),
    );
    // the content block sits inside the layout's mount element: {{ total }} is Vue's name in Jinja's delimiters
    expect(await lintRules(page)).toContain('jinja-delimiters-in-vue');
    expect(await lintRules(page)).toContain('jinja-delimiters-in-vue');
    // the layout moves the block out of the mount element
    write(layout, mountedAround(false));
    expect(await lintRules(page)).not.toContain('jinja-delimiters-in-vue');
    // and back; then the layout goes (nothing is known of where the block ends up)
    write(layout, mountedAround(true));
    expect(await lintRules(page)).toContain('jinja-delimiters-in-vue');
    rmSync(join(project.root, layout));
    expect(await lintRules(page)).not.toContain('jinja-delimiters-in-vue');
  });
});

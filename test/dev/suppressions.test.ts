import { describe, expect, it } from 'vitest';
import { code, lint, only } from './harness.js';

describe('suppressions in app code', () => {
  it('a trailing Python comment with a reason silences its line only', async () => {
    const source = code(
      'from quart import g',
      'async def fire_and_forget():',
      '    g.db_session.commit()  # stk: ignore[missing-await] the caller awaits the returned task',
      '    g.db_session.flush()',
    );
    const findings = await lint({ code: source });
    expect(only(findings, 'missing-await').map((finding) => finding.line)).toEqual([4]);
    expect(only(findings, 'invalid-suppression')).toEqual([]);
  });

  it('a suppression without a reason silences nothing and is reported', async () => {
    const findings = await lint({ code: code('import time', 'async def pause():', '    time.sleep(1)  # stk: ignore[blocking-call-in-async]') });
    expect(only(findings, 'blocking-call-in-async').map((finding) => finding.line)).toEqual([3]);
    expect(only(findings, 'invalid-suppression')).toMatchObject([{ line: 3, severity: 'warning', help: 'say why after the brackets: `# stk: ignore[blocking-call-in-async] <why this is safe>`' }]);
  });

  it('the fix of a suppression keeps the prefix it was written with', async () => {
    const findings = await lint({ code: code('import time', 'async def pause():', '    time.sleep(1)  # stk-migrate: ignore[blocking-call-in-async]') });
    expect(only(findings, 'invalid-suppression')).toMatchObject([{ line: 3, help: 'say why after the brackets: `# stk-migrate: ignore[blocking-call-in-async] <why this is safe>`' }]);
  });

  it('an unknown rule id is reported', async () => {
    const findings = await lint({ code: code('x = 1  # stk: ignore[missing-awiat] typo') });
    expect(only(findings, 'invalid-suppression').map((finding) => finding.message)).toEqual([expect.stringContaining('`missing-awiat`')]);
  });

  it('a Jinja comment on its own line silences the next line of a template', async () => {
    const template = code(
      '<div>',
      '  {# stk: ignore[mdi-icon] the vendor widget ships its own MDI font #}',
      '  <v-icon>mdi-rocket</v-icon>',
      '  <v-icon>mdi-pencil</v-icon>',
      '</div>',
    );
    const findings = await lint({ code: template });
    expect(only(findings, 'mdi-icon').map((finding) => finding.line)).toEqual([4]);
  });

  it('a template suppression without a reason is reported with a fix in the template\'s comment syntax', async () => {
    const findings = await lint({ code: code('<div>', '  <v-icon>mdi-rocket</v-icon> {# stk: ignore[mdi-icon] #}', '</div>') });
    expect(only(findings, 'mdi-icon')).toHaveLength(1);
    expect(only(findings, 'invalid-suppression')).toMatchObject([{ line: 2, help: 'say why after the brackets: `{# stk: ignore[mdi-icon] <why this is safe> #}`' }]);
  });

  it('an HTML comment trailing the line silences it', async () => {
    const findings = await lint({ code: code('<div>', '  <v-icon>mdi-rocket</v-icon> <!-- stk: ignore[mdi-icon] vendor widget -->', '</div>') });
    expect(only(findings, 'mdi-icon')).toEqual([]);
  });

  it('a // comment in a script block silences the next line of the script', async () => {
    const template = code('<script>', '  // stk: ignore[mdi-icon] a third-party chart names its own icons', '  const icon = "mdi-chart-bar";', '  const other = "mdi-cog";', '</script>');
    expect(only(await lint({ code: template }), 'mdi-icon').map((finding) => finding.line)).toEqual([4]);
  });

  it('a comment before anything else covers the whole template', async () => {
    const template = code('{# stk: ignore[mdi-icon] this admin page is being ported #}', '{% extends "layout.html" %}', '<v-icon>mdi-rocket</v-icon>', '<v-icon>mdi-pencil</v-icon>');
    expect(only(await lint({ code: template }), 'mdi-icon')).toEqual([]);
  });

  it('config severities apply to app-code rules', async () => {
    const source = code('from quart import jsonify', 'async def show():', '    return jsonify({"a": 1})');
    expect(only(await lint({ code: source, config: { jsonify: 'error' } }), 'jsonify')).toMatchObject([{ severity: 'error' }]);
    expect(only(await lint({ code: source, config: { jsonify: 'off' } }), 'jsonify')).toEqual([]);
  });
});

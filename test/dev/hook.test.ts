import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/example-project.js';
import { isolateParseCache } from '../helpers/temp.js';
import { BROKEN_LINE, BROKEN_VIEW, brokenView, copyShop, fixedView } from './fixtures.js';

/** Runs the bundled hook as Claude Code does: a JSON event on stdin, from the project folder. */
function hook(cwd: string, filePath: string, session = randomUUID()) {
  const input = JSON.stringify({ session_id: session, cwd, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: filePath }, tool_response: {} });
  return execa('node', [join(repoRoot, 'dist', 'hook.cjs')], { cwd, input, reject: false, timeout: 30_000 });
}

describe('the PostToolUse hook on app code (dist/hook.cjs)', () => {
  isolateParseCache();
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyShop();
  });
  afterEach(() => project.cleanup());

  it('blocks a view with an un-awaited session call: the finding and its fix on stderr, exit 2', async () => {
    const view = join(project.root, BROKEN_VIEW);
    writeFileSync(view, brokenView);
    const result = await hook(project.root, view);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^stk-dev lint ${BROKEN_VIEW}:\n${BROKEN_VIEW}:${BROKEN_LINE}:14 error missing-await `));
    expect(result.stderr).toContain('help: write `await g.db_session.execute(select(func.count()).select_from(Thing))`');
    expect(result.stderr).toContain(`Fix the errors above in ${BROKEN_VIEW}`);

    writeFileSync(view, fixedView);
    expect(await hook(project.root, view)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('passes a view that stores the coroutine and awaits it on a later line', async () => {
    const view = join(project.root, BROKEN_VIEW);
    writeFileSync(view, brokenView.replace('    return {"total": result.scalar()}', '    result = await result\n    return {"total": result.scalar()}'));
    expect(await hook(project.root, view)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('passes a clean template without a word', async () => {
    const template = join(project.root, 'shop', 'templates', 'cms', 'things.html');
    expect(await hook(project.root, template)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('blocks a template whose Vue binding Jinja would eat, naming the fix', async () => {
    const template = join(project.root, 'shop', 'templates', 'cms', 'things.html');
    const source = readFileSync(template, 'utf8');
    writeFileSync(template, source.replace('<span class="thing-notes">${ item.notes }</span>', '<span class="thing-notes">{{ item.notes }}</span>'));
    const result = await hook(project.root, template);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/shop\/templates\/cms\/things\.html:\d+:\d+ error jinja-delimiters-in-vue/);
    expect(result.stderr).toContain('help: write `${ item.notes }`');
  });

  it('returns warnings as additional context without blocking', async () => {
    const template = join(project.root, 'shop', 'templates', 'cms', 'users.html');
    writeFileSync(template, readFileSync(template, 'utf8').replace('ti ti-user', 'mdi-account'));
    const result = await hook(project.root, template);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const context = JSON.parse(result.stdout).hookSpecificOutput.additionalContext as string;
    expect(context).toMatch(/^stk-dev lint shop\/templates\/cms\/users\.html:\n/);
    expect(context).toContain('warning mdi-icon');
    expect(context).toContain('ti ti-user');
  });

  it('gives a model file both its lint errors and the once-per-session migration reminder', async () => {
    const models = join(project.root, 'shop', 'things', 'models.py');
    writeFileSync(models, readFileSync(models, 'utf8').replace('owner = relationship("User", lazy="selectin")', 'owner = relationship("User", lazy="dynamic")'));
    const session = randomUUID();
    const first = await hook(project.root, models, session);
    expect(first.exitCode).toBe(2);
    expect(first.stderr).toMatch(/shop\/things\/models\.py:\d+:\d+ error lazy-dynamic/);
    expect(first.stderr).toContain('stk-migrate: shop/things/models.py declares models');
    const second = await hook(project.root, models, session);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).not.toContain('declares models');
  });

  it('costs nothing for files that are not app code', async () => {
    const outside = {
      'README.md': '# shop\n',
      'tests/test_things.py': 'import time\nasync def test_sleep():\n    time.sleep(1)\n',
      'docs/page.html': '<v-icon>mdi-pencil</v-icon>\n',
      'shop/static/js/page.html': '<v-icon>mdi-pencil</v-icon>\n',
    };
    for (const [file, content] of Object.entries(outside)) {
      mkdirSync(join(project.root, file, '..'), { recursive: true });
      writeFileSync(join(project.root, file), content);
      expect(await hook(project.root, join(project.root, file)), file).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    }
  });
});

import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/example-project.js';
import { copyFixtureProject, useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

/** The bundled hook as Claude Code runs it: a Write event on stdin. */
function hook(cwd: string, file: string, session = randomUUID()) {
  const input = JSON.stringify({ session_id: session, cwd, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: file }, tool_response: {} });
  return execa('node', [join(repoRoot, 'dist', 'hook.cjs')], { cwd, input, reject: false, timeout: 30_000, env: { STK_MIGRATE_NO_CACHE: '1' } });
}

describe('the hook on other layouts', () => {
  it('Flask-Migrate: a model anywhere in the models package gets the reminder; a module without models gets nothing', async () => {
    const root = copyFixtureProject(tempDir, 'flask-migrate');
    const model = await hook(root, join(root, 'notes', 'models', 'note.py'));
    expect(model.exitCode).toBe(0);
    expect(JSON.parse(model.stdout).hookSpecificOutput.additionalContext).toContain('notes/models/note.py declares models');
    const view = await hook(root, join(root, 'notes', 'views.py'));
    expect(view).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('Flask-Migrate: lint, asked directly, checks the app and says that stk\'s conventions are not this project\'s', async () => {
    const root = copyFixtureProject(tempDir, 'flask-migrate');
    const result = await execa('node', [join(repoRoot, 'dist', 'cli.cjs'), 'lint', '--all'], { cwd: root, reject: false, env: { STK_MIGRATE_NO_CACHE: '1' } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')[1]).toBe("note: this is a Flask project (it has a `flask db` group): these are stk's conventions (Quart, not Flask), so many findings will not apply to it");
    expect(result.stdout).toMatch(/error flask-import/);
  });

  it('Flask-Migrate: a migration with an error in migrations/versions is blocked', async () => {
    const root = copyFixtureProject(tempDir, 'flask-migrate');
    const file = join(root, 'migrations', 'versions', '1dfc7a2abeb3_note_body_and_audit_entries.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace("batch_op.drop_column('body')", 'pass'));
    const result = await hook(root, file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/migrations\/versions\/1dfc7a2abeb3_note_body_and_audit_entries\.py:\d+:\d+ error downgrade-not-inverse/);
  });

  it('named sections: a migration of the tenant environment is checked against the tenant history, without --name', async () => {
    const root = copyFixtureProject(tempDir, 'named-sections');
    const versions = join(root, 'src', 'ledger', 'database', 'revisions', 'tenant', 'versions');
    const file = join(versions, '2542b4632630_entries.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace("op.drop_table('entry')", "op.drop_table('entries')"));
    const result = await hook(root, file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/src\/ledger\/database\/revisions\/tenant\/versions\/2542b4632630_entries\.py:\d+:\d+ error downgrade-not-inverse/);
    expect(result.stderr).not.toContain('several');
  });
});

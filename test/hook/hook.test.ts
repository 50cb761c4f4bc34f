import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExample, repoRoot } from '../helpers/example-project.js';
import { addBioToModel, bioMigration, exampleHead } from '../migrate/validate/fixtures.js';

/** Runs the bundled hook as Claude Code does: a JSON event on stdin, from the project folder. */
function hook(cwd: string, input: string) {
  return execa('node', [join(repoRoot, 'dist', 'hook.mjs')], { cwd, input, reject: false, timeout: 30_000 });
}

function event(cwd: string, filePath: string, session = randomUUID()): string {
  return JSON.stringify({ session_id: session, cwd, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: filePath }, tool_response: {} });
}

describe('the PostToolUse hook (dist/hook.mjs)', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  function migration(forgetIndex: boolean, edit = (text: string) => text): string {
    addBioToModel(project.root);
    const { name, text } = bioMigration(exampleHead(project.root), forgetIndex);
    const path = join(project.root, 'alembic', 'versions', name);
    writeFileSync(path, edit(text));
    return path;
  }

  it('blocks a migration with errors: findings on stderr, exit code 2', async () => {
    const path = migration(true);
    const result = await hook(project.root, event(project.root, path));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/alembic\/versions\/b10b10b10b10_add_bio_to_users\.py:22:\d+ error downgrade-not-inverse/);
    expect(result.stderr).toContain('batch_op.drop_index(batch_op.f("ix_user_bio"))');
    expect(result.stdout).toBe('');
  });

  it('prints nothing for a clean migration', async () => {
    const path = migration(false);
    const result = await hook(project.root, event(project.root, path));
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('returns warnings as additional context without blocking', async () => {
    const path = migration(false, (text) =>
      text.replace(
        '    # ### end Alembic commands ###\n\n\ndef downgrade',
        '    op.execute("UPDATE \\"user\\" SET bio = \'\' WHERE bio IS NULL")\n    # ### end Alembic commands ###\n\n\ndef downgrade',
      ),
    );
    const result = await hook(project.root, event(project.root, path));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.hookSpecificOutput.hookEventName).toBe('PostToolUse');
    expect(output.hookSpecificOutput.additionalContext).toMatch(/warning raw-sql-string/);
  });

  it('reminds once per session that a model change needs a migration', async () => {
    const models = join(project.root, 'stkapp', 'user', 'models.py');
    const session = randomUUID();
    const first = await hook(project.root, event(project.root, models, session));
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout).hookSpecificOutput.additionalContext).toMatch(/stkapp\/user\/models\.py declares models.*migration/);
    // the file is linted on every edit (warnings, if any, come back); the reminder only once
    const second = await hook(project.root, event(project.root, models, session));
    expect(second.exitCode).toBe(0);
    expect(second.stdout).not.toMatch(/declares models/);
  });

  it('exits 0 at once for other files and never breaks the turn on bad input', async () => {
    const readme = join(project.root, 'README.md');
    expect(await hook(project.root, event(project.root, readme))).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await hook(project.root, event(project.root, join(project.root, 'run.py')))).toMatchObject({ exitCode: 0, stdout: '' });
    for (const input of ['', 'not json', '[]', 'null', '{"tool_input": 3}', '{"tool_input": {"file_path": 7}}']) {
      expect(await hook(project.root, input)).toMatchObject({ exitCode: 0, stdout: '' });
    }
    const vanished = join(project.root, 'alembic', 'versions', 'gone_gone.py');
    writeFileSync(vanished, 'x');
    rmSync(vanished);
    expect(await hook(project.root, event(project.root, vanished))).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('survives a migration that is not UTF-8, reporting it instead of crashing', async () => {
    const path = join(project.root, 'alembic', 'versions', 'ffffffffffff_latin1.py');
    writeFileSync(path, Buffer.concat([Buffer.from('"""caf'), Buffer.from([0xe9]), Buffer.from('"""\nrevision = "ffffffffffff"\ndown_revision = None\n\x00\xff\n')]));
    const result = await hook(project.root, event(project.root, path));
    expect([0, 2]).toContain(result.exitCode);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    if (result.exitCode === 2) expect(result.stderr).toMatch(/ffffffffffff_latin1\.py:\d+:\d+ error/);
  });
});

describe('the hook on a migration with notes only', () => {
  it('passes infos on as notes, not as warnings to fix', async () => {
    const project = copyExample();
    try {
      addBioToModel(project.root);
      const { name, text } = bioMigration(exampleHead(project.root), false);
      const irreversible = text.replace(/def downgrade\(\):[\s\S]*$/, 'def downgrade():\n    raise NotImplementedError("bio cannot be removed once written")\n');
      const path = join(project.root, 'alembic', 'versions', name);
      writeFileSync(path, irreversible);
      const result = await hook(project.root, event(project.root, path));
      expect(result.exitCode).toBe(0);
      const context = JSON.parse(result.stdout).hookSpecificOutput.additionalContext as string;
      expect(context).toMatch(/info empty-downgrade/);
      expect(context).toMatch(/nothing has to change/);
      expect(context).not.toMatch(/Fix the warnings/);
    } finally {
      project.cleanup();
    }
  });
});

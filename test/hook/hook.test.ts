import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExample, repoRoot } from '../helpers/example-project.js';
import { addBioToModel, bioMigration, exampleHead } from '../migrate/validate/fixtures.js';
import { UnreadableError } from '../../scripts/lib/cli/errors.js';
import { guardCheck } from '../../scripts/lib/hook/run.js';

/** Runs the bundled hook as Claude Code does: a JSON event on stdin, from the project folder. */
function hook(cwd: string, input: string, env: Record<string, string> = {}) {
  return execa('node', [join(repoRoot, 'dist', 'hook.cjs')], { cwd, input, reject: false, timeout: 60_000, env });
}

function event(cwd: string, filePath: string, session = randomUUID()): string {
  return JSON.stringify({ session_id: session, cwd, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: filePath }, tool_response: {} });
}

describe('the PostToolUse hook (dist/hook.cjs)', () => {
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

  it('blocks the same migration named through `//`, `/./` or `/x/../` in its path: the path is normalized before the versions folder is recognised', async () => {
    const path = migration(true);
    const folder = join(project.root, 'alembic', 'versions');
    const name = path.slice(folder.length + 1);
    for (const odd of [`${project.root}//alembic/versions/${name}`, `${folder}/./${name}`, `${project.root}/stkapp/../alembic/versions/${name}`]) {
      const result = await hook(project.root, event(project.root, odd));
      expect(result.exitCode, odd).toBe(2);
      expect(result.stderr).toMatch(/alembic\/versions\/b10b10b10b10_add_bio_to_users\.py:22:\d+ error downgrade-not-inverse/);
    }
  });

  it("leaves the versions folder's __init__.py alone, as Alembic does (it is no revision)", async () => {
    const init = join(project.root, 'alembic', 'versions', '__init__.py');
    writeFileSync(init, '# package marker\n');
    const result = await hook(project.root, event(project.root, init));
    expect(result).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
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

describe('the hook when it cannot check, or the input is hostile (the audit)', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  const head = () => join(project.root, 'alembic', 'versions', '8ceb393b0b26_add_status_to_post.py');
  const stackOverflow = /Maximum call stack|\n\s+at /;

  it('blocks a migration nested 20,000 parentheses deep: CPython refuses it, and the hook does not overflow its stack', async () => {
    writeFileSync(head(), `${readFileSync(head(), 'utf8')}\nnested = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`);
    const result = await hook(project.root, event(project.root, head()));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/8ceb393b0b26_add_status_to_post\.py:\d+:\d+ error syntax-error Alembic cannot load this revision \(too many nested parentheses/);
    expect(result.stderr).not.toMatch(stackOverflow);
  });

  it('blocks a model file nested that deep, and a migration saved while it is broken names it', async () => {
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    writeFileSync(models, `${readFileSync(models, 'utf8')}\nnested = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`);
    const onModel = await hook(project.root, event(project.root, models));
    expect(onModel.exitCode).toBe(2);
    expect(onModel.stderr).toMatch(/stkapp\/blog\/models\.py:\d+:\d+ error syntax-error Python cannot import this model file \(too many nested parentheses/);
    const onMigration = await hook(project.root, event(project.root, head()));
    expect(onMigration.exitCode).toBe(2);
    expect(onMigration.stderr).toMatch(/stkapp\/blog\/models\.py:\d+:\d+ error syntax-error/);
    expect(onMigration.stderr + onModel.stderr).not.toMatch(stackOverflow);
  });

  it('reports a model file Python cannot parse once: the model check blocks, lint does not repeat its syntax error', async () => {
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    writeFileSync(models, `${readFileSync(models, 'utf8')}\nclass Broken(\n`);
    const result = await hook(project.root, event(project.root, models));
    expect(result.exitCode).toBe(2);
    expect(result.stderr.match(/ error syntax-error /g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/parse-error/);
  });

  it('checks as usual over a parse cache of the wrong shape, and rewrites it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'stk-migrate-hook-cache-'));
    try {
      const env = { STK_MIGRATE_CACHE_DIR: cache };
      expect((await hook(project.root, event(project.root, head()), env)).exitCode).toBe(0);
      // every cache file, those of the per-version stores in their folders included
      const files = readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(cache, name)).isFile());
      expect(files.length).toBeGreaterThan(0);
      for (const wrong of ['{"format":5,"entries":null}', '{"format":6,"entries":null}', '{"format":6,"entries":{"x":1}}', '[]']) {
        for (const file of files) writeFileSync(join(cache, file), wrong);
        writeFileSync(head(), readFileSync(head(), 'utf8').replace('def downgrade():', 'def downgrade(:'));
        const broken = await hook(project.root, event(project.root, head()), env);
        expect([wrong, broken.exitCode]).toEqual([wrong, 2]);
        expect(broken.stderr).toMatch(/error syntax-error/);
        writeFileSync(head(), readFileSync(head(), 'utf8').replace('def downgrade(:', 'def downgrade():'));
        expect((await hook(project.root, event(project.root, head()), env)).exitCode).toBe(0);
        // the index files are read by every run; of the per-version stores, what this run read (the head's facts, the schema before it)
        for (const file of files.filter((name) => !name.includes(sep))) expect(readFileSync(join(cache, file), 'utf8'), wrong).not.toBe(wrong);
        expect(files.filter((name) => name.includes(sep) && existsSync(join(cache, name)) && readFileSync(join(cache, name), 'utf8') !== wrong).length, wrong).toBeGreaterThanOrEqual(2);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('blocks a Write event of more than 4 MB: the migration is too large to check, and says so', async () => {
    const content = `${readFileSync(head(), 'utf8')}\n${'    pass\n'.repeat(600_000)}`;
    writeFileSync(head(), content);
    const input = JSON.stringify({ session_id: randomUUID(), cwd: project.root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: head(), content }, tool_response: { content } });
    expect(input.length).toBeGreaterThan(8 * 1024 * 1024);
    const result = await hook(project.root, input);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/error too-large This revision was not checked: too large to check: 5\.2 MB, past the limit of 1\.0 MB/);
  });

  it('says so, without blocking, when the event itself is past what it reads (64 MB)', async () => {
    const padding = 'x'.repeat(65 * 1024 * 1024);
    const input = JSON.stringify({ session_id: randomUUID(), cwd: project.root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: head(), content: padding } });
    const result = await hook(project.root, input);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).hookSpecificOutput.additionalContext).toMatch(/^stk-migrate: the file just written was not checked: the hook event is larger than 64 MB/);
  });

  it('names an unreadable model file in a one-line note, without blocking a migration that is fine', async () => {
    const models = join(project.root, 'stkapp', 'user', 'models.py');
    rmSync(models);
    symlinkSync(models, models);
    const result = await hook(project.root, event(project.root, head()));
    expect(result.exitCode).toBe(0);
    const note = JSON.parse(result.stdout).hookSpecificOutput.additionalContext as string;
    expect(note.split('\n')).toHaveLength(1);
    expect(note).toBe(`stk-migrate: could not check alembic/versions/8ceb393b0b26_add_status_to_post.py: cannot read ${models}: too many symbolic links. Make it readable, then run \`stk-migrate validate alembic/versions/8ceb393b0b26_add_status_to_post.py\`.`);
  });
});

describe('guardCheck: what every handler gets from the shared hook layer', () => {
  const file = '/project/alembic/versions/abc_x.py';
  it('blocks with the path when the file it was given cannot be read', async () => {
    const outcome = await guardCheck(file, 'alembic/versions/abc_x.py', 'block', () => {
      throw new UnreadableError(file, Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    });
    expect(outcome).toEqual({ code: 2, stderr: 'stk-migrate hook: cannot read alembic/versions/abc_x.py: permission denied; the file was not checked.\n' });
  });

  it('blocks a migration it could not check for a reason of its own (a stack overflow), and says it is not a finding', async () => {
    const overflow = (): number => overflow() + 1;
    const outcome = await guardCheck(file, 'alembic/versions/abc_x.py', 'block', async () => ({ code: overflow() }));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      'stk-migrate hook: could not check alembic/versions/abc_x.py: the check ran out of stack (nesting too deep to follow). This is a failure of the check, not a finding in the file: run `stk-migrate validate alembic/versions/abc_x.py` to see it; if it fails the same way, tell the user.\n',
    );
  });

  it('turns the same failure into a note for a handler that only advises', async () => {
    const outcome = await guardCheck(file, 'stkapp/models.py', 'note', async () => {
      throw new Error('boom');
    });
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout!).hookSpecificOutput.additionalContext).toMatch(/^stk-migrate: could not check stkapp\/models\.py: boom\./);
  });
});

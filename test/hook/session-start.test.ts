import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { claudeInstalledFrom, repoRoot } from '../helpers/example-project.js';
import { useTempDirs, writeFiles } from '../helpers/temp.js';

const tempDir = useTempDirs();
const HOOK = join(repoRoot, 'dist', 'hook.cjs');
// The fix it prints depends on whether install knows a marketplace: here it does, whatever this checkout's remotes.
const env = claudeInstalledFrom('https://git.example.org/tools/stk-skills.git', tempDir('claude-config'));

/** The bundled hook as Claude Code runs it at session start. */
function sessionStart(cwd: string, session = randomUUID()) {
  const input = JSON.stringify({ session_id: session, transcript_path: join(cwd, 't.jsonl'), cwd, hook_event_name: 'SessionStart', source: 'startup' });
  return execa('node', [HOOK], { cwd, input, env, extendEnv: false, reject: false, timeout: 30_000 });
}

function project(files: Record<string, string>): string {
  const root = tempDir('session');
  mkdirSync(join(root, '.git'));
  return writeFiles(root, { 'alembic.ini': '[alembic]\nscript_location = alembic\n', ...files });
}

const oldCopy = '---\nname: stk-migrate\ndescription: Old copy.\nargument-hint: "[description]"\n---\n\n!`cd /nowhere && uv run quart db current`\n';

describe('the SessionStart hook (dist/hook.cjs)', () => {
  it('warns in at most two lines, with the install command of this very bundle, when an old copy takes /stk-migrate', async () => {
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': oldCopy });
    const result = await sessionStart(root);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const output = JSON.parse(result.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    expect(output.hookSpecificOutput.hookEventName).toBe('SessionStart');
    const lines = output.hookSpecificOutput.additionalContext.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('.claude/skills/stk-migrate/ (an old copy of stk-migrate) takes /stk-migrate');
    expect(lines[1]).toBe(`Fix: run \`node ${JSON.stringify(join(repoRoot, 'dist', 'cli.cjs'))} install\` in the project (it removes the old copies and enables the plugin in .claude/settings.json).`);
  });

  it('says it once per session', async () => {
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': oldCopy });
    const session = randomUUID();
    expect((await sessionStart(root, session)).stdout).not.toBe('');
    expect(await sessionStart(root, session)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('prints nothing at all without shadowing, in or out of an stk project', async () => {
    expect(await sessionStart(project({ '.claude/skills/deploy/SKILL.md': '---\nname: deploy\n---\n' }))).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await sessionStart(tempDir('empty'))).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });
});

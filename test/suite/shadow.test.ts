import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, sha256 } from '../../scripts/lib/suite/manifest.js';
import { describeShadows, findShadows, installCommand, shadowNotice } from '../../scripts/lib/suite/shadow.js';
import { useTempDirs, writeFiles } from '../helpers/temp.js';

const tempDir = useTempDirs();

function skill(name: string, extra = ''): string {
  return `---\nname: ${name}\ndescription: A skill called ${name}.\n${extra}---\n\nBody of ${name}.\n`;
}

function project(files: Record<string, string>): string {
  const root = tempDir('shadow');
  mkdirSync(join(root, '.git'));
  return writeFiles(root, files);
}

describe('findShadows', () => {
  it('finds nothing without .claude/skills/, or with only other skills there', async () => {
    expect(await findShadows(project({}))).toEqual([]);
    expect(await findShadows(project({ '.claude/skills/deploy/SKILL.md': skill('deploy'), '.claude/skills/notes/README.md': 'no SKILL.md' }))).toEqual([]);
  });

  it('reports an old copy by its front-matter name, whatever its folder is called', async () => {
    const root = project({
      '.claude/skills/stk-migrate/SKILL.md': skill('stk-migrate', 'argument-hint: "[description]"\n'),
      '.claude/skills/crud/SKILL.md': skill('stk-api'),
    });
    expect(await findShadows(root)).toEqual([
      { skill: 'stk-api', folder: '.claude/skills/crud', kind: 'copy', name: 'stk-api' },
      { skill: 'stk-migrate', folder: '.claude/skills/stk-migrate', kind: 'copy', name: 'stk-migrate' },
    ]);
  });

  // Claude Code 2.1.197 offers a project skill under its folder name as well as its front-matter name.
  it('reports a foreign skill in a folder named like ours, and one whose front matter does not parse', async () => {
    const root = project({
      '.claude/skills/stk-blueprint/SKILL.md': skill('scaffold'),
      '.claude/skills/stk-dev/SKILL.md': '---\nname: [unclosed\n---\nbody\n',
    });
    expect(await findShadows(root)).toEqual([
      { skill: 'stk-blueprint', folder: '.claude/skills/stk-blueprint', kind: 'foreign', name: 'scaffold' },
      { skill: 'stk-dev', folder: '.claude/skills/stk-dev', kind: 'foreign', name: undefined },
    ]);
  });

  it('does not report our own vendored copies (listed in the install manifest)', async () => {
    const ours = skill('stk-migrate');
    const manifest = { plugin: 'stk-skills', version: '0.1.0', files: { '.claude/skills/stk-migrate/SKILL.md': sha256(ours) }, hookCommands: [] };
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': ours, '.claude/skills/stk-api/SKILL.md': skill('stk-api'), [MANIFEST_FILE]: JSON.stringify(manifest) });
    expect((await findShadows(root)).map((shadow) => shadow.skill)).toEqual(['stk-api']);
  });

  it('looks in the parent folders up to the repository top, as Claude Code does', async () => {
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': skill('stk-migrate'), 'app/alembic.ini': '' });
    const outside = writeFiles(tempDir('no-git'), { 'app/x': '', '.claude/skills/stk-migrate/SKILL.md': skill('stk-migrate') });
    expect(await findShadows(join(root, 'app'))).toEqual([{ skill: 'stk-migrate', folder: '../.claude/skills/stk-migrate', kind: 'copy', name: 'stk-migrate' }]);
    expect(await findShadows(join(outside, 'app')), 'outside a repository only the folder itself counts').toEqual([]);
  });
});

describe('the warning', () => {
  const cli = '/opt/plugins/stk-skills/dist/cli.cjs';

  it('names the folders, the commands they take, and the install command that fixes it, in two single-line sentences', async () => {
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': skill('stk-migrate'), '.claude/skills/stk-api/SKILL.md': skill('stk-api') });
    const [problem, fix] = describeShadows(await findShadows(root), root, cli);
    expect(problem).toBe(
      "stk-skills: .claude/skills/stk-api/ and .claude/skills/stk-migrate/ (old copies of stk-api and stk-migrate) take /stk-api and /stk-migrate, which then run the project's skill instead of ours (ours stay reachable as /stk-skills:<name>).",
    );
    expect(fix).toBe(`Fix: run \`node "${cli}" install\` in the project (it removes the old copies and enables the plugin in .claude/settings.json).`);
  });

  it('offers --vendor, or --marketplace to fill in, when plain install would find no marketplace to declare', async () => {
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': skill('stk-migrate') });
    expect(describeShadows(await findShadows(root), root, cli, false)[1]).toBe(
      `Fix: run \`node "${cli}" install --vendor\` in the project (it replaces the old copies with ours, committed with the project), or \`node "${cli}" install --marketplace <git URL of the stk-skills repository>\` (it removes the old copies and enables the plugin in .claude/settings.json).`,
    );
    const vendored = join(root, '.claude/stk-skills/runtime/cli.cjs');
    expect(describeShadows(await findShadows(root), root, vendored, false)[1], 'a vendored runtime has no skills to vendor').toBe(
      'Fix: run `node ".claude/stk-skills/runtime/cli.cjs" install --marketplace <git URL of the stk-skills repository>` in the project (it removes the old copies and enables the plugin in .claude/settings.json).',
    );
  });

  it('tells to rename a foreign skill, which install leaves alone', async () => {
    const root = project({ '.claude/skills/stk-blueprint/SKILL.md': skill('scaffold') });
    const [problem, fix] = describeShadows(await findShadows(root), root, cli);
    expect(problem).toContain('.claude/skills/stk-blueprint/ (skill "scaffold") takes /stk-blueprint');
    expect(fix).toBe('Fix: rename .claude/skills/stk-blueprint/, which install leaves alone.');
  });

  it('is one line in a context, and nothing without shadowing', async () => {
    const root = project({ '.claude/skills/stk-migrate/SKILL.md': skill('stk-migrate') });
    const notice = await shadowNotice(root);
    expect(notice).toMatch(/^⚠ stk-skills: .*Fix: run `.* install( --vendor)?`/);
    expect(notice).not.toContain('\n');
    expect(await shadowNotice(project({}))).toBeUndefined();
  });

  it('shows a vendored runtime relative to the project, and a plugin by its full path', () => {
    expect(installCommand('/p', '/p/.claude/stk-skills/runtime/cli.cjs')).toBe('node ".claude/stk-skills/runtime/cli.cjs" install');
    expect(installCommand('/p', cli)).toBe(`node "${cli}" install`);
    expect(installCommand('/p', undefined)).toBe('stk-migrate install');
  });
});

// install, as a library: plugin and vendored mode on small projects holding stk's old-style skill
// copies (those of examples/stk-app), a foreign skill and settings of their own, against a small
// stand-in plugin (skills/, dist/, hooks/) so the tests need no build.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/lib/cli/command.js';
import { EditFailure } from '../../scripts/lib/edit/atomic.js';
import { install, vendoredSkill, type InstallOptions } from '../../scripts/lib/suite/install.js';
import { MANIFEST_FILE } from '../../scripts/lib/suite/manifest.js';
import { findShadows } from '../../scripts/lib/suite/shadow.js';
import { exampleRoot, repoRoot } from '../helpers/example-project.js';
import { useTempDirs, writeFiles } from '../helpers/temp.js';
import { snapshot } from './snapshot.js';

const tempDir = useTempDirs();
const MARKETPLACE = 'https://git.example.org/tools/stk-skills.git';
const OLD_COPIES = ['stk-api', 'stk-blueprint', 'stk-dev', 'stk-migrate'];

/** A stand-in for the plugin: two skills (one with a reference file), a runtime with a subfolder and a binary, and the real hooks.json. */
function fakePlugin(overrides: Record<string, string> = {}): string {
  return writeFiles(tempDir('plugin'), {
    '.claude-plugin/plugin.json': JSON.stringify({ name: 'stk-skills', version: '9.9.9' }),
    'hooks/hooks.json': readFileSync(join(repoRoot, 'hooks', 'hooks.json'), 'utf8'),
    'skills/stk-migrate/SKILL.md': '---\nname: stk-migrate\ndescription: Migrations.\n---\n\n!`node "${CLAUDE_PLUGIN_ROOT}/dist/cli.cjs" context`\n\nDetails: ${CLAUDE_PLUGIN_ROOT}/skills/stk-migrate/reference.md\n',
    'skills/stk-migrate/reference.md': '# Reference\n',
    'skills/stk-dev/SKILL.md': '---\nname: stk-dev\ndescription: Conventions.\nuser-invocable: false\n---\n\n!`node "${CLAUDE_PLUGIN_ROOT}/dist/cli.cjs" dev-context`\n',
    'dist/cli.cjs': '// cli\n',
    'dist/hook.cjs': '// hook\n',
    'dist/python/helper.py': 'print("helper")\n',
    'dist/tree-sitter.wasm': '\0asm\x01\0\0\0',
    ...overrides,
  });
}

/** A project like a real stk checkout: stk's four old copies, a skill of its own, and settings of its own. */
function stkProject(settings: string | null = JSON.stringify({ permissions: { allow: ['Bash(uv run:*)'] }, hooks: { PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'ruff format' }] }] } }, null, 2)): string {
  const root = tempDir('project');
  writeFiles(root, { 'alembic.ini': '[alembic]\nscript_location = alembic\n', '.claude/skills/deploy/SKILL.md': '---\nname: deploy\ndescription: Ours, not yours.\n---\nDeploy.\n' });
  cpSync(join(exampleRoot, '.claude', 'skills'), join(root, '.claude', 'skills'), { recursive: true });
  if (settings !== null) writeFiles(root, { '.claude/settings.json': settings });
  return root;
}

function settingsOf(root: string): Record<string, any> {
  return JSON.parse(readFileSync(join(root, '.claude', 'settings.json'), 'utf8'));
}

const pluginMode = (root: string, extra: Partial<InstallOptions> = {}) => install({ project: root, mode: 'plugin', marketplace: MARKETPLACE, ...extra });

describe('install (plugin mode)', () => {
  it('takes out the vendored hook command of today and of versions whose hook was hook.mjs, without a manifest, keeping every other hook', async () => {
    for (const file of ['hook.cjs', 'hook.mjs']) {
      const vendored = `node "$CLAUDE_PROJECT_DIR/.claude/stk-skills/runtime/${file}"`;
      const root = stkProject(JSON.stringify({ hooks: { PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'ruff format' }] }, { matcher: 'Write|Edit|MultiEdit', hooks: [{ type: 'command', command: vendored, timeout: 30 }] }] } }, null, 2));
      await pluginMode(root);
      expect(settingsOf(root).hooks, file).toEqual({ PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'ruff format' }] }] });
    }
  });

  it('removes the old copies, declares the marketplace and the plugin, and keeps everything else', async () => {
    const root = stkProject();
    const result = await pluginMode(root);
    expect(result.changes).toEqual([
      { action: 'delete', path: '.claude/skills/stk-api/SKILL.md', why: 'old copy of stk-api, which takes /stk-api from ours' },
      { action: 'delete', path: '.claude/skills/stk-blueprint/SKILL.md', why: 'old copy of stk-blueprint, which takes /stk-blueprint from ours' },
      { action: 'delete', path: '.claude/skills/stk-dev/SKILL.md', why: 'old copy of stk-dev, which takes /stk-dev from ours' },
      { action: 'delete', path: '.claude/skills/stk-dev/references/patterns.md', why: 'old copy of stk-dev, which takes /stk-dev from ours' },
      { action: 'delete', path: '.claude/skills/stk-migrate/SKILL.md', why: 'old copy of stk-migrate, which takes /stk-migrate from ours' },
      { action: 'update', path: '.claude/settings.json', why: `the stk-skills marketplace (${MARKETPLACE}) and the stk-skills@stk-skills plugin enabled` },
    ]);
    for (const skill of OLD_COPIES) expect(existsSync(join(root, '.claude', 'skills', skill)), skill).toBe(false);
    expect(readFileSync(join(root, '.claude/skills/deploy/SKILL.md'), 'utf8')).toContain('Ours, not yours.');
    expect(settingsOf(root)).toEqual({
      permissions: { allow: ['Bash(uv run:*)'] },
      hooks: { PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'ruff format' }] }] },
      extraKnownMarketplaces: { 'stk-skills': { source: { source: 'git', url: MARKETPLACE } } },
      enabledPlugins: { 'stk-skills@stk-skills': true },
    });
    expect(await findShadows(root)).toEqual([]);
  });

  it('changes nothing on a second run, and keeps the marketplace the project declares', async () => {
    const root = stkProject();
    await pluginMode(root);
    const before = snapshot(root);
    const again = await install({ project: root, mode: 'plugin' });
    expect(again.changes).toEqual([]);
    expect(again.marketplace).toMatchObject({ text: MARKETPLACE, from: 'already declared in .claude/settings.json' });
    expect(snapshot(root)).toEqual(before);
  });

  it('changes nothing in a dry run, and reports the same changes as the real run', async () => {
    const root = stkProject();
    const before = snapshot(root);
    const dry = await pluginMode(root, { dryRun: true });
    expect(snapshot(root)).toEqual(before);
    expect(dry.dryRun).toBe(true);
    expect((await pluginMode(root)).changes).toEqual(dry.changes);
  });

  it('edits the settings where it must, keeping their order, indentation and other keys', async () => {
    const text = '{\n    "env": {\n        "DEBUG": "1"\n    },\n    "enabledPlugins": {\n        "other@market": false\n    }\n}\n';
    const root = stkProject(text);
    await pluginMode(root);
    expect(readFileSync(join(root, '.claude', 'settings.json'), 'utf8')).toBe(
      '{\n    "env": {\n        "DEBUG": "1"\n    },\n    "enabledPlugins": {\n        "other@market": false,\n        "stk-skills@stk-skills": true\n    },\n' +
        `    "extraKnownMarketplaces": {\n        "stk-skills": {\n            "source": {\n                "source": "git",\n                "url": "${MARKETPLACE}"\n            }\n        }\n    }\n}\n`,
    );
  });

  it('creates the settings file when the project has none', async () => {
    const root = stkProject(null);
    const result = await pluginMode(root);
    expect(result.changes.at(-1)).toMatchObject({ action: 'create', path: '.claude/settings.json' });
    expect(settingsOf(root)).toEqual({ extraKnownMarketplaces: { 'stk-skills': { source: { source: 'git', url: MARKETPLACE } } }, enabledPlugins: { 'stk-skills@stk-skills': true } });
  });

  it.each([
    ['a missing comma', '{\n  "env": {}\n  "permissions": {}\n}\n', '.claude/settings.json:3:3: not valid JSON (comma expected)'],
    ['a comment, which Claude Code does not accept either', '{\n  // team settings\n  "env": {}\n}\n', '.claude/settings.json:2:3: not valid JSON (invalid comment token)'],
    ['a trailing comma', '{\n  "env": {},\n}\n', '.claude/settings.json:3:1: not valid JSON (property name expected)'],
    ['an array at the top', '[]\n', '.claude/settings.json: expected a JSON object at the top, found an array'],
  ])('refuses settings with %s, touching nothing', async (_, text, message) => {
    const root = stkProject(text);
    const before = snapshot(root);
    for (const mode of ['plugin', 'vendor'] as const) {
      const error = await install({ project: root, mode, marketplace: MARKETPLACE, pluginRoot: fakePlugin() }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).toContain('nothing was changed');
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a project it cannot find', async () => {
    await expect(pluginMode(tempDir('nothing'))).rejects.toThrow(/no Alembic project at, above or below .*pass --project <dir>/);
  });
});

describe('install: a failure midway leaves the project as it was', () => {
  const failAt = (step: number) => (index: number) => {
    if (index === step) throw new Error(`disk full at step ${step}`);
  };

  /** How many steps the swap takes (a folder removed is one step), counted on a throwaway twin of the project. */
  async function stepsOf(options: Omit<InstallOptions, 'project'>): Promise<number> {
    let steps = 0;
    await install({ ...options, project: stkProject(), beforeStep: () => void (steps += 1) });
    return steps;
  }

  it.each(['first', 'second', 'middle', 'last'] as const)('plugin mode, failing at the %s step', async (which) => {
    const total = await stepsOf({ mode: 'plugin', marketplace: MARKETPLACE });
    expect(total).toBe(5);
    const step = { first: 0, second: 1, middle: 2, last: total - 1 }[which];
    const root = stkProject();
    const before = snapshot(root);
    const error = await pluginMode(root, { beforeStep: failAt(step) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EditFailure);
    expect((error as EditFailure).message).toBe(`disk full at step ${step}; nothing was changed (every step was undone)`);
    expect(snapshot(root), 'the project, staging folder included').toEqual(before);
  });

  it.each(['first', 'middle', 'last'] as const)('vendored mode over the old copies, failing at the %s step', async (which) => {
    const plugin = fakePlugin();
    const total = await stepsOf({ mode: 'vendor', pluginRoot: plugin });
    const step = { first: 0, middle: Math.floor(total / 2), last: total - 1 }[which];
    const root = stkProject();
    const before = snapshot(root);
    await expect(install({ project: root, mode: 'vendor', pluginRoot: plugin, beforeStep: failAt(step) })).rejects.toThrow(EditFailure);
    expect(snapshot(root)).toEqual(before);
  });

  it('Ctrl-C during the swap undoes it too', async () => {
    const root = stkProject();
    const before = snapshot(root);
    const interrupt = (index: number) => {
      if (index === 2) process.emit('SIGINT', 'SIGINT');
    };
    await expect(pluginMode(root, { beforeStep: interrupt })).rejects.toThrow('interrupted by SIGINT; nothing was changed (every step was undone)');
    expect(snapshot(root)).toEqual(before);
    expect(process.listenerCount('SIGINT'), 'no handler left behind').toBe(0);
  });

  it('points at the staging folder of a run that was killed midway', async () => {
    const root = stkProject();
    writeFiles(root, { '.claude/.stk-skills-edit-Ab12Cd/old-0/SKILL.md': 'x' });
    expect((await pluginMode(root, { dryRun: true })).notes).toEqual([
      '.claude/.stk-skills-edit-Ab12Cd/ was left by an earlier install (killed midway, or unable to remove it); it holds the files that install had replaced: look, then remove it',
    ]);
  });

  it('vendored mode updating an earlier vendored install, failing at the last step', async () => {
    const root = stkProject();
    await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    const before = snapshot(root);
    const newer = fakePlugin({ 'dist/cli.cjs': '// cli 2\n', '.claude-plugin/plugin.json': JSON.stringify({ name: 'stk-skills', version: '10.0.0' }) });
    let steps = 0;
    await install({ project: root, mode: 'vendor', pluginRoot: newer, dryRun: true }).then((dry) => (steps = dry.changes.length));
    expect(steps).toBeGreaterThan(1);
    await expect(install({ project: root, mode: 'vendor', pluginRoot: newer, beforeStep: failAt(steps - 1) })).rejects.toThrow(EditFailure);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('install --vendor', () => {
  it('writes every skill of the plugin and one shared runtime, reached through ${CLAUDE_SKILL_DIR}, and the hooks', async () => {
    const root = stkProject();
    const result = await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    const created = result.changes.filter((change) => change.action === 'create').map((change) => change.path);
    expect(created).toEqual([
      '.claude/skills/stk-dev/SKILL.md',
      '.claude/skills/stk-migrate/SKILL.md',
      '.claude/skills/stk-migrate/reference.md',
      '.claude/stk-skills/runtime/cli.cjs',
      '.claude/stk-skills/runtime/hook.cjs',
      '.claude/stk-skills/runtime/python/helper.py',
      '.claude/stk-skills/runtime/tree-sitter.wasm',
      '.claude/stk-skills/README.md',
      '.claude/stk-skills/manifest.json',
    ]);
    expect(result.changes.filter((change) => change.action === 'delete').map((change) => change.path)).toHaveLength(5);
    const skill = readFileSync(join(root, '.claude/skills/stk-migrate/SKILL.md'), 'utf8');
    expect(skill).toContain('!`node "${CLAUDE_SKILL_DIR}/../../stk-skills/runtime/cli.cjs" context`');
    expect(skill).toContain('Details: ${CLAUDE_SKILL_DIR}/reference.md');
    expect(skill).not.toContain('CLAUDE_PLUGIN_ROOT');
    expect(readFileSync(join(root, '.claude/stk-skills/runtime/tree-sitter.wasm'), 'latin1')).toBe('\0asm\x01\0\0\0');
    // The old stk-dev copy's reference file went with it; the foreign skill stays.
    expect(existsSync(join(root, '.claude/skills/stk-dev/references'))).toBe(false);
    expect(existsSync(join(root, '.claude/skills/deploy/SKILL.md'))).toBe(true);
    const command = 'node "$CLAUDE_PROJECT_DIR/.claude/stk-skills/runtime/hook.cjs"';
    expect(settingsOf(root).hooks).toEqual({
      PostToolUse: [
        { matcher: 'Write', hooks: [{ type: 'command', command: 'ruff format' }] },
        { matcher: 'Write|Edit|MultiEdit', hooks: [{ type: 'command', command, timeout: 30 }] },
      ],
      SessionStart: [{ hooks: [{ type: 'command', command, timeout: 10 }] }],
    });
    expect(settingsOf(root).permissions).toEqual({ allow: ['Bash(uv run:*)'] });
    const manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8'));
    expect(manifest).toMatchObject({ plugin: 'stk-skills', version: '9.9.9', hookCommands: [command, command] });
    expect(Object.keys(manifest.files)).toEqual(created.filter((path) => path !== MANIFEST_FILE).sort());
    // Ours now: no shadowing left, stk-api and stk-blueprint are gone until the plugin has them.
    expect(await findShadows(root)).toEqual([]);
  });

  it('changes nothing on a second run (and in a dry run)', async () => {
    const root = stkProject();
    const plugin = fakePlugin();
    await install({ project: root, mode: 'vendor', pluginRoot: plugin });
    const before = snapshot(root);
    expect((await install({ project: root, mode: 'vendor', pluginRoot: plugin, dryRun: true })).changes).toEqual([]);
    expect((await install({ project: root, mode: 'vendor', pluginRoot: plugin })).changes).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('updates in place from a newer plugin: changed files replaced, a skill added, a file it no longer has removed, your files kept', async () => {
    const root = stkProject();
    await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    writeFiles(root, { '.claude/skills/stk-migrate/my-notes.md': 'mine\n' });
    const newer = fakePlugin({ 'dist/cli.cjs': '// cli 2\n', 'skills/stk-api/SKILL.md': '---\nname: stk-api\ndescription: CRUD.\n---\n' });
    rmSync(join(newer, 'dist/python/helper.py'));
    const result = await install({ project: root, mode: 'vendor', pluginRoot: newer });
    expect(result.changes.map(({ action, path }) => `${action} ${path}`)).toEqual([
      'delete .claude/stk-skills/runtime/python/helper.py',
      'create .claude/skills/stk-api/SKILL.md',
      'update .claude/stk-skills/runtime/cli.cjs',
      'update .claude/stk-skills/manifest.json',
    ]);
    expect(readFileSync(join(root, '.claude/stk-skills/runtime/cli.cjs'), 'utf8')).toBe('// cli 2\n');
    expect(existsSync(join(root, '.claude/stk-skills/runtime/python')), 'an emptied folder of ours goes too').toBe(false);
    expect(readFileSync(join(root, '.claude/skills/stk-migrate/my-notes.md'), 'utf8')).toBe('mine\n');
  });

  it('refuses to replace a vendored file edited since, unless --force', async () => {
    const root = stkProject();
    await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    writeFiles(root, { '.claude/stk-skills/runtime/cli.cjs': '// patched by hand\n' });
    const before = snapshot(root);
    const newer = fakePlugin({ 'dist/cli.cjs': '// cli 2\n' });
    await expect(install({ project: root, mode: 'vendor', pluginRoot: newer })).rejects.toThrow(
      '.claude/stk-skills/runtime/cli.cjs changed since install wrote it; keep a copy of your edits, then run install again with --force to replace it (nothing was changed)',
    );
    expect(snapshot(root)).toEqual(before);
    await install({ project: root, mode: 'vendor', pluginRoot: newer, force: true });
    expect(readFileSync(join(root, '.claude/stk-skills/runtime/cli.cjs'), 'utf8')).toBe('// cli 2\n');
  });

  it('refuses to write over files it did not write: a foreign skill in a folder named like ours, a stray file in the runtime', async () => {
    const foreign = stkProject();
    writeFiles(foreign, { '.claude/skills/stk-migrate/SKILL.md': '---\nname: migrations-helper\ndescription: Not stk.\n---\n' });
    const before = snapshot(foreign);
    await expect(install({ project: foreign, mode: 'vendor', pluginRoot: fakePlugin() })).rejects.toThrow(
      ".claude/skills/stk-migrate/SKILL.md exists and install did not write it (it is not in .claude/stk-skills/manifest.json, nor an old copy of one of our skills); move it aside, then run install --vendor again (nothing was changed)",
    );
    expect(snapshot(foreign)).toEqual(before);
    // Plugin mode leaves that foreign skill alone.
    await pluginMode(foreign);
    expect(readFileSync(join(foreign, '.claude/skills/stk-migrate/SKILL.md'), 'utf8')).toContain('migrations-helper');

    const stray = stkProject();
    writeFiles(stray, { '.claude/stk-skills/runtime/cli.cjs': '// someone else\n' });
    await expect(install({ project: stray, mode: 'vendor', pluginRoot: fakePlugin() })).rejects.toThrow(/^\.claude\/stk-skills\/runtime\/cli\.cjs exists and install did not write it/);
  });

  it('refuses a manifest it cannot read, touching nothing', async () => {
    const root = stkProject();
    writeFiles(root, { [MANIFEST_FILE]: '{"plugin": "stk-skills"' });
    const before = snapshot(root);
    await expect(pluginMode(root)).rejects.toThrow(/^\.claude\/stk-skills\/manifest\.json: .*Restore it from version control, then run install again \(nothing was changed\)$/);
    expect(snapshot(root)).toEqual(before);
  });

  it('says when .gitignore would keep vendored files out of commits', async () => {
    const root = stkProject();
    writeFiles(root, { '.gitignore': '*.cjs\n' });
    await execa('git', ['init', '-q'], { cwd: root });
    const result = await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    expect(result.notes).toEqual([
      '.gitignore ignores 2 of the vendored files (.claude/stk-skills/runtime/cli.cjs, …); commit them with `git add -f .claude/stk-skills .claude/skills` or un-ignore them, or teammates get skills without their runtime',
    ]);
  });

  it('points a SKILL.md at the runtime and the skill folders, and refuses other plugin paths', () => {
    expect(vendoredSkill('a ${CLAUDE_PLUGIN_ROOT}/skills/stk-dev/x.md b', 'stk-api')).toBe('a ${CLAUDE_SKILL_DIR}/../stk-dev/x.md b');
    expect(() => vendoredSkill('see ${CLAUDE_PLUGIN_ROOT}/docs/rules.md', 'stk-api')).toThrow(/refers to \$\{CLAUDE_PLUGIN_ROOT\} outside dist\/ and skills\//);
  });
});

describe('switching between the modes', () => {
  it('plugin mode after a vendored install removes exactly what that install wrote, its hooks included', async () => {
    const root = stkProject();
    await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    writeFiles(root, { '.claude/skills/stk-migrate/my-notes.md': 'mine\n' });
    const result = await pluginMode(root);
    expect(result.changes.filter((change) => change.action === 'delete')).toHaveLength(9);
    expect(existsSync(join(root, '.claude/stk-skills'))).toBe(false);
    expect(existsSync(join(root, '.claude/skills/stk-dev'))).toBe(false);
    expect(readFileSync(join(root, '.claude/skills/stk-migrate/my-notes.md'), 'utf8')).toBe('mine\n');
    expect(settingsOf(root).hooks).toEqual({ PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'ruff format' }] }] });
    expect(settingsOf(root).enabledPlugins).toEqual({ 'stk-skills@stk-skills': true });
  });

  it('vendored mode after plugin mode takes the plugin entries out (both at once would run every hook twice)', async () => {
    const root = stkProject(null);
    await pluginMode(root);
    await install({ project: root, mode: 'vendor', pluginRoot: fakePlugin() });
    const settings = settingsOf(root);
    expect(settings.enabledPlugins).toEqual({});
    expect(settings.extraKnownMarketplaces).toEqual({});
    expect(Object.keys(settings.hooks).sort()).toEqual(['PostToolUse', 'SessionStart']);
    // And back: a settings file that held only our hooks loses the "hooks" key with them.
    await pluginMode(root);
    expect(settingsOf(root)).toEqual({ enabledPlugins: { 'stk-skills@stk-skills': true }, extraKnownMarketplaces: { 'stk-skills': { source: { source: 'git', url: MARKETPLACE } } } });
  });
});

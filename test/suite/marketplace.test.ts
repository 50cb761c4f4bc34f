import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseMarketplace, resolveMarketplace } from '../../scripts/lib/suite/marketplace.js';
import { useTempDirs, writeFiles } from '../helpers/temp.js';

const tempDir = useTempDirs();

function marketplaceDir(name = 'stk-skills'): string {
  return writeFiles(tempDir('market'), { '.claude-plugin/marketplace.json': JSON.stringify({ name, owner: { name: 'x' }, plugins: [] }) });
}

describe('--marketplace', () => {
  it('keeps a folder relative to the project root, so no machine path is committed', () => {
    const project = tempDir('project');
    const market = marketplaceDir();
    writeFiles(project, { 'tools/stk-skills/.claude-plugin/marketplace.json': JSON.stringify({ name: 'stk-skills' }) });
    expect(parseMarketplace('tools/stk-skills', project, project)).toEqual({ source: 'directory', path: 'tools/stk-skills' });
    const outside = parseMarketplace(market, project);
    expect(outside.source).toBe('directory');
    expect((outside as { path: string }).path).toMatch(/^\.\.\//);
  });

  it('refuses a folder that is not this marketplace', () => {
    expect(() => parseMarketplace(marketplaceDir('other'), tempDir('p'))).toThrow(/no \.claude-plugin\/marketplace\.json named 'stk-skills' in that folder/);
  });

  it('reads git URLs (with a #ref), owner/repo and marketplace.json URLs', () => {
    const root = tempDir('p');
    expect(parseMarketplace('https://git.example.org/tools/stk-skills.git', root)).toEqual({ source: 'git', url: 'https://git.example.org/tools/stk-skills.git' });
    expect(parseMarketplace('git@git.example.org:tools/stk-skills.git#v1.2', root)).toEqual({ source: 'git', url: 'git@git.example.org:tools/stk-skills.git', ref: 'v1.2' });
    expect(parseMarketplace('acme/stk-skills', root)).toEqual({ source: 'github', repo: 'acme/stk-skills' });
    expect(parseMarketplace('https://example.org/stk/marketplace.json', root)).toEqual({ source: 'url', url: 'https://example.org/stk/marketplace.json' });
    expect(() => parseMarketplace('not a source', root)).toThrow(/not a folder, a git URL, owner\/repo, or an https URL of a marketplace\.json/);
  });
});

describe('the default marketplace', () => {
  const root = '/nowhere/project';

  it('is the one the project declares, before anything else', async () => {
    const declared = { source: { source: 'github', repo: 'acme/stk-skills' } };
    expect(await resolveMarketplace({ given: undefined, declared, root, pluginRoot: undefined, env: {} })).toEqual({ source: declared.source, from: 'already declared in .claude/settings.json' });
  });

  it("is where the user's Claude Code installed the plugin from, when that is shareable", async () => {
    const config = writeFiles(tempDir('config'), {
      'plugins/known_marketplaces.json': JSON.stringify({ 'stk-skills': { source: { source: 'git', url: 'https://git.example.org/stk-skills.git' }, installLocation: '/x' } }),
    });
    expect(await resolveMarketplace({ given: undefined, declared: undefined, root, pluginRoot: undefined, env: { CLAUDE_CONFIG_DIR: config } })).toEqual({
      source: { source: 'git', url: 'https://git.example.org/stk-skills.git' },
      from: "where this user's Claude Code installed it from",
    });
  });

  it("is the origin of the checkout it runs from, not a local folder's path", async () => {
    const config = writeFiles(tempDir('config'), { 'plugins/known_marketplaces.json': JSON.stringify({ 'stk-skills': { source: { source: 'directory', path: '/home/me/stk-skills' } } }) });
    const checkout = tempDir('checkout');
    await execa('git', ['init', '-q'], { cwd: checkout });
    await execa('git', ['remote', 'add', 'origin', 'https://git.example.org/stk-skills.git'], { cwd: checkout });
    expect(await resolveMarketplace({ given: undefined, declared: undefined, root, pluginRoot: checkout, env: { CLAUDE_CONFIG_DIR: config } })).toEqual({
      source: { source: 'git', url: 'https://git.example.org/stk-skills.git' },
      from: 'the origin of the checkout this command runs from',
    });
  });

  it('is asked for when there is none', async () => {
    await expect(resolveMarketplace({ given: undefined, declared: undefined, root, pluginRoot: tempDir('plain'), env: { CLAUDE_CONFIG_DIR: join(tempDir('c'), 'none') } })).rejects.toThrow(
      /^no marketplace to declare: pass --marketplace <git URL, owner\/repo, or a folder>/,
    );
  });
});

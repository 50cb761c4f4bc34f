import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { pluginSkill } from '../../scripts/lib/suite/generate.js';

const root = join(import.meta.dirname, '..', '..');
const source = readFileSync(join(root, 'SKILL.md'), 'utf8');
const plugin = readFileSync(join(root, 'skills', 'stk-migrate', 'SKILL.md'), 'utf8');

/** Lines the skill preprocessor runs before the model reads anything. */
function bangLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trimStart().startsWith('!`'));
}

describe('SKILL.md', () => {
  it('the plugin copy is exactly what the build generates from the top-level file', () => {
    expect(plugin).toBe(pluginSkill(source));
  });

  it('has the front matter Claude Code reads', () => {
    for (const text of [source, plugin]) {
      const { data } = matter(text);
      expect(data.name).toBe('stk-migrate');
      expect(data['argument-hint']).toBe('[description]');
      expect(String(data.description)).toMatch(/models/);
      expect(String(data.description)).toMatch(/migration/);
      expect(String(data['allowed-tools'])).toMatch(/Bash\(node:\*\)/);
    }
  });

  it('runs the bundled CLI through the skill or plugin folder, never an absolute path', () => {
    expect(bangLines(source)).not.toHaveLength(0);
    for (const line of bangLines(source)) expect(line).toMatch(/^!`node "\$\{CLAUDE_SKILL_DIR\}\/dist\/cli\.cjs" /);
    for (const line of bangLines(plugin)) expect(line).toMatch(/^!`node "\$\{CLAUDE_PLUGIN_ROOT\}\/dist\/cli\.cjs" /);
    for (const text of [source, plugin]) {
      expect(text).not.toMatch(/(^|[\s`"'(])\/(Users|home|root|work|tmp)\//m);
    }
  });
});

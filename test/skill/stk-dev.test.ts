import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';

const folder = join(import.meta.dirname, '..', '..', 'skills', 'stk-dev');
const skill = readFileSync(join(folder, 'SKILL.md'), 'utf8');
const references = ['models', 'views', 'templates', 'navigation'].map((name) => `references/${name}.md`);

describe('skills/stk-dev', () => {
  it('is background knowledge Claude loads on stk code, not a slash command', () => {
    const { data } = matter(skill);
    expect(data.name).toBe('stk-dev');
    expect(data['user-invocable']).toBe(false);
    expect(String(data.description)).toMatch(/stk/);
    expect(String(data.description)).toMatch(/Quart/);
  });

  it('stays within its token budget', () => {
    // `claude plugin details` put this file at ~810 tokens for 3,451 characters (4.3 characters a token);
    // 4,400 characters keeps it under the 1,200-token budget with room for the estimate's error.
    expect(matter(skill).content.length).toBeLessThanOrEqual(4400);
    expect(String(matter(skill).data.description).length).toBeLessThanOrEqual(200);
  });

  it('points to reference files that exist beside it, and to lint through the plugin root', () => {
    for (const reference of references) {
      expect(skill).toContain(reference);
      expect(existsSync(join(folder, reference)), reference).toBe(true);
    }
    expect(skill).toContain('node "${CLAUDE_PLUGIN_ROOT}/dist/cli.cjs" lint');
  });

  it('runs nothing before the model reads it and names no machine path', () => {
    for (const text of [skill, ...references.map((reference) => readFileSync(join(folder, reference), 'utf8'))]) {
      expect(text.split('\n').filter((line) => line.trimStart().startsWith('!`'))).toEqual([]);
      expect(text).not.toMatch(/(^|[\s`"'(])\/(Users|home|root|work|tmp)\//m);
    }
  });
});

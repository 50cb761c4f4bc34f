import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const folder = join(root, 'skills', 'stk-blueprint');
const skill = readFileSync(join(folder, 'SKILL.md'), 'utf8');
const reference = 'references/conventions.md';

function bangLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trimStart().startsWith('!`'));
}

describe('skills/stk-blueprint', () => {
  it('has the front matter that makes Claude load it for new feature modules, with the tools of the other skills', () => {
    const { data } = matter(skill);
    expect(data.name).toBe('stk-blueprint');
    expect(data['argument-hint']).toBe('[blueprint-name]');
    expect(String(data.description)).toMatch(/feature module/);
    expect(String(data.description)).toMatch(/blueprint/);
    expect(String(data['allowed-tools'])).toBe('Bash(node:*), Read, Edit, Write, Glob, Grep');
  });

  it('loads its context with one line through the plugin root, passing only the first word of the arguments, single-quoted', () => {
    expect(bangLines(skill)).toEqual(['!`node "${CLAUDE_PLUGIN_ROOT}/dist/cli.cjs" blueprint-context \'$0\'`']);
  });

  it('walks context, scaffold, shaping the model, new/validate/roundtrip, api-smoke, page-check and the checks, in that order', () => {
    const steps = ['blueprint-context', 'stk-migrate scaffold', 'Shape the model', 'new "add <name>" --throwaway', 'stk-migrate validate', 'stk-migrate roundtrip', 'stk-migrate api-smoke', 'stk-migrate page-check', 'stk-migrate blueprint-check', 'stk-migrate check'].map((step) => skill.indexOf(step));
    expect(steps.every((at) => at >= 0), JSON.stringify(steps)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it("forbids applying a migration to the developer's database unasked", () => {
    expect(skill).toMatch(/\*\*Never apply a migration to the developer's database\*\*/);
    expect(skill).not.toMatch(/^\s*(uv run )?(stk|quart) db upgrade/m);
  });

  it('stays short, points to its reference file, and names no machine path', () => {
    // ~4.3 characters a token in `claude plugin details`: 5,000 characters stay under 1,200 tokens.
    expect(skill.length).toBeLessThanOrEqual(5000);
    expect(skill).toContain(reference);
    expect(existsSync(join(folder, reference))).toBe(true);
    for (const text of [skill, readFileSync(join(folder, reference), 'utf8')]) expect(text).not.toMatch(/(^|[\s`"'(])\/(Users|home|root|work|tmp)\//m);
    expect(bangLines(readFileSync(join(folder, reference), 'utf8'))).toEqual([]);
  });
});

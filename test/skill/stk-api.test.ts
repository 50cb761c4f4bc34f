import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const folder = join(root, 'skills', 'stk-api');
const skill = readFileSync(join(folder, 'SKILL.md'), 'utf8');
const reference = 'references/conventions.md';

function bangLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trimStart().startsWith('!`'));
}

describe('skills/stk-api', () => {
  it('has the front matter that makes Claude load it for API work, with the tools of the top-level skill', () => {
    const { data } = matter(skill);
    expect(data.name).toBe('stk-api');
    expect(data['argument-hint']).toBe('[ModelName]');
    expect(String(data.description)).toMatch(/CRUD/);
    expect(String(data.description)).toMatch(/API/);
    expect(String(data.description)).toMatch(/model/);
    expect(String(data['allowed-tools'])).toMatch(/^Bash\(node:\*\), /);
  });

  it('loads its context with one line through the plugin root, passing only the first word of the arguments, single-quoted', () => {
    // "$ARGUMENTS" is substituted as raw text before the shell runs the line: a `"` in the arguments would end the
    // quoting and run what follows (seen with claude 2.1.197). '$0' is the first word; inside single quotes, $, ` and " stay text.
    expect(bangLines(skill)).toEqual(['!`node "${CLAUDE_PLUGIN_ROOT}/dist/cli.cjs" api-context \'$0\'`']);
  });

  it('walks context, api-new, adapt, api-check, api-smoke and check, in that order', () => {
    const steps = ['api-context', 'api-new', 'Adapt the draft', 'api-check', 'api-smoke', 'stk-migrate check'].map((step) => skill.indexOf(step));
    expect(steps.every((at) => at >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it('stays short, points to its reference file, and names no machine path', () => {
    // ~4.3 characters a token in `claude plugin details` for these files: 4,400 characters stay under 1,200 tokens.
    expect(skill.length).toBeLessThanOrEqual(4400);
    expect(skill).toContain(reference);
    expect(existsSync(join(folder, reference))).toBe(true);
    for (const text of [skill, readFileSync(join(folder, reference), 'utf8')]) expect(text).not.toMatch(/(^|[\s`"'(])\/(Users|home|root|work|tmp)\//m);
    expect(bangLines(readFileSync(join(folder, reference), 'utf8'))).toEqual([]);
  });
});

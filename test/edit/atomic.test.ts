import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConcurrentEdit, writeAllOrNothing } from '../../scripts/lib/edit/atomic.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

function setUp(): { dir: string; a: string; b: string } {
  const dir = tempDir('atomic');
  const a = join(dir, 'a.py');
  const b = join(dir, 'b.py');
  writeFileSync(a, 'A\n');
  writeFileSync(b, 'B\n');
  return { dir, a, b };
}

describe('writeAllOrNothing', () => {
  it('writes every change, new files included, and leaves no temporary file', () => {
    const { dir, a, b } = setUp();
    writeAllOrNothing([
      { path: a, before: 'A\n', after: 'A2\n' },
      { path: b, before: 'B\n', after: 'B2\n' },
      { path: join(dir, 'c.py'), before: null, after: 'C\n' },
    ]);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8'), readFileSync(join(dir, 'c.py'), 'utf8')]).toEqual(['A2\n', 'B2\n', 'C\n']);
    expect(readdirSync(dir).sort()).toEqual(['a.py', 'b.py', 'c.py']);
  });

  it('writes nothing when a file changed since it was read', () => {
    const { dir, a, b } = setUp();
    expect(() =>
      writeAllOrNothing([
        { path: a, before: 'A\n', after: 'A2\n' },
        { path: b, before: 'B before someone edited it\n', after: 'B2\n' },
      ]),
    ).toThrow(ConcurrentEdit);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['A\n', 'B\n']);
    expect(readdirSync(dir).sort()).toEqual(['a.py', 'b.py']);
  });

  it('writes nothing when one of the files cannot be written: the ones already swapped in are restored', () => {
    const { dir, a } = setUp();
    // the second file's folder would be b.py, which is a file: its swap fails after a.py's, which is undone
    expect(() =>
      writeAllOrNothing([
        { path: a, before: 'A\n', after: 'A2\n' },
        { path: join(dir, 'b.py', 'x.py'), before: null, after: 'X\n' },
      ]),
    ).toThrow(/nothing was changed/);
    expect(readFileSync(a, 'utf8')).toBe('A\n');
    expect(readdirSync(dir).sort()).toEqual(['a.py', 'b.py']);
  });
});

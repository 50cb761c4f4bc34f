import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstTimeFor } from '../../scripts/lib/hook/output.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const savedTmp = process.env.TMPDIR;

describe("the hook's once-per-session markers", () => {
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  });

  it('says yes once per key, and a new marker clears those older than a week (a session that long is over)', () => {
    const tmp = tempDir('markers');
    process.env.TMPDIR = tmp;
    const dir = join(tmp, 'stk-migrate-hook');
    mkdirSync(dir);
    writeFileSync(join(dir, 'old'), '');
    writeFileSync(join(dir, 'recent'), '');
    const eightDaysAgo = (Date.now() - 8 * 24 * 3600 * 1000) / 1000;
    utimesSync(join(dir, 'old'), eightDaysAgo, eightDaysAgo);
    const sixDaysAgo = (Date.now() - 6 * 24 * 3600 * 1000) / 1000;
    utimesSync(join(dir, 'recent'), sixDaysAgo, sixDaysAgo);

    expect(firstTimeFor('session-1', 'project')).toBe(true);
    expect(firstTimeFor('session-1', 'project')).toBe(false);
    expect(existsSync(join(dir, 'old'))).toBe(false);
    // the week-old-minus-a-day marker stays, beside the new one
    expect(readdirSync(dir)).toContain('recent');
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

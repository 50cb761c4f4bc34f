import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOutputs } from '../../scripts/build.js';

const root = join(import.meta.dirname, '..', '..');

describe('the committed bundles', () => {
  it('are exactly what `npm run build` makes from the sources (the plugin runs dist/, not scripts/)', async () => {
    const outputs = await buildOutputs();
    const stale: string[] = [];
    for (const [file, contents] of outputs) {
      let committed: Buffer | undefined;
      try {
        committed = readFileSync(join(root, file));
      } catch {
        stale.push(`${file} is missing`);
        continue;
      }
      if (!committed.equals(Buffer.from(contents))) stale.push(`${file} differs`);
    }
    for (const entry of readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' })) {
      const file = `dist/${entry.split('\\').join('/')}`;
      if (statSync(join(root, file)).isFile() && !outputs.has(file)) stale.push(`${file} is left over`);
    }
    expect(stale, 'run `npm run build` and commit dist/').toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file of a tree with a hash of its content, to tell that a command changed nothing. */
export function treeHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const path = join(root, entry);
    if (statSync(path).isFile()) out[relative(root, path)] = createHash('sha1').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** Every folder of a tree, sorted: with treeHashes, the whole tree as a command found it. */
export function treeDirs(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((entry) => statSync(join(root, entry)).isDirectory())
    .sort();
}

import type { Project } from './types.js';
import { relativePath } from './files.js';

/**
 * Which of `candidates` (project-relative paths) git sees as changed or added relative to HEAD, tracked or
 * not, looking only under `dirs` (absolute); undefined outside a git repository (or without git).
 */
export async function changedSinceHead(project: Project, dirs: string[], candidates: ReadonlySet<string>): Promise<string[] | undefined> {
  const paths = dirs.map((dir) => relativePath(project.root, dir) || '.');
  const { execa } = await import('execa');
  const [status, prefix] = await Promise.all([
    execa('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths], { cwd: project.root, reject: false, timeout: 5000, stdin: 'ignore' }),
    execa('git', ['rev-parse', '--show-prefix'], { cwd: project.root, reject: false, timeout: 5000, stdin: 'ignore' }),
  ]);
  if (status.exitCode !== 0 || prefix.exitCode !== 0) return undefined;
  const top = prefix.stdout.trim();
  const changed: string[] = [];
  const entries = status.stdout.split('\0');
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    // a rename is followed by its old path, which is not a target
    if (code.includes('R') || code.includes('C')) index += 1;
    if (code.includes('D')) continue;
    const path = entry.slice(3);
    const file = path.startsWith(top) ? path.slice(top.length) : path;
    if (candidates.has(file)) changed.push(file);
  }
  return changed.sort();
}

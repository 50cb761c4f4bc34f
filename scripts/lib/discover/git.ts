import { execFile } from 'node:child_process';
import type { Project } from './types.js';
import { relativePath } from './files.js';

/**
 * The output of a short read-only git command, or undefined when it fails (not a repository, no git, past
 * the timeout). Node's own child_process: loading execa costs more than such a call.
 */
export function gitOutput(root: string, args: string[], timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = execFile('git', args, { cwd: root, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
    child.stdin?.end();
  });
}

/**
 * Which of `candidates` (project-relative paths) git sees as changed or added relative to HEAD, tracked or
 * not, looking only under `dirs` (absolute); undefined outside a git repository (or without git).
 */
export async function changedSinceHead(project: Project, dirs: string[], candidates: ReadonlySet<string>): Promise<string[] | undefined> {
  const paths = dirs.map((dir) => relativePath(project.root, dir) || '.');
  const [status, prefix] = await Promise.all([gitOutput(project.root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths]), gitOutput(project.root, ['rev-parse', '--show-prefix'])]);
  if (status === undefined || prefix === undefined) return undefined;
  const top = prefix.trim();
  const changed: string[] = [];
  const entries = status.split('\0');
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

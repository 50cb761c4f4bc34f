import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Project } from './types.js';
import { relativePath } from './files.js';

/**
 * The output of a short read-only git command, or undefined when it fails (not a repository, no git, past
 * the timeout). Node's own child_process, loaded with the first call (a run that asks git nothing never
 * loads it): loading execa costs more than such a call.
 */
export async function gitOutput(root: string, args: string[], timeoutMs = 5000): Promise<string | undefined> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = execFile('git', args, { cwd: root, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
    child.stdin?.end();
  });
}

/**
 * What `git rev-parse --show-prefix` prints for `root` (the path from the work tree's top, with a trailing
 * slash; '' at the top), found without starting git: the nearest `.git` (a folder, or the file of a linked
 * worktree or submodule) at or above the real path. Asked of git when the environment moves the repository
 * (GIT_DIR, GIT_WORK_TREE); undefined when no repository holds the folder.
 */
export async function gitPrefix(root: string): Promise<string | undefined> {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return (await gitOutput(root, ['rev-parse', '--show-prefix']))?.trim();
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return undefined;
  }
  for (let dir = real; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      const prefix = relative(dir, real).split(sep).join('/');
      return prefix === '' ? '' : `${prefix}/`;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Which of `candidates` (project-relative paths) git sees as changed or added relative to HEAD, tracked or
 * not, looking only under `dirs` (absolute); undefined outside a git repository (or without git).
 */
export async function changedSinceHead(project: Project, dirs: string[], candidates: ReadonlySet<string>): Promise<string[] | undefined> {
  const paths = dirs.map((dir) => relativePath(project.root, dir) || '.');
  const [status, prefix] = await Promise.all([gitOutput(project.root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths]), gitPrefix(project.root)]);
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

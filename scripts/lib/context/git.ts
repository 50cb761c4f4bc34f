import { execa } from 'execa';

export interface ModelChanges {
  /** Model files changed after the newest migration: uncommitted, or committed later than it. */
  files: string[];
  reason: string;
}

async function git(root: string, args: string[]): Promise<string | undefined> {
  const result = await execa('git', args, { cwd: root, reject: false, timeout: 5000, stdin: 'ignore' });
  return result.exitCode === 0 ? result.stdout : undefined;
}

/** Paths from `git status --porcelain -z`, relative to the repository's top: two status letters and a space, then the path. */
function changedPaths(porcelain: string): string[] {
  return porcelain
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

/**
 * Whether model files changed after the newest migration, asked of git (never of file times, which a
 * checkout scrambles). Undefined outside a git repository.
 */
export async function modelChanges(root: string, modelFiles: string[], newestMigration: string | undefined): Promise<ModelChanges | undefined> {
  if (modelFiles.length === 0) return undefined;
  const [status, prefix] = await Promise.all([
    git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...modelFiles, ...(newestMigration ? [newestMigration] : [])]),
    git(root, ['rev-parse', '--show-prefix']),
  ]);
  if (status === undefined || prefix === undefined) return undefined;
  const top = prefix.trim();
  const changed = new Set(changedPaths(status).map((path) => (path.startsWith(top) ? path.slice(top.length) : path)));
  const migrationPending = newestMigration !== undefined && changed.has(newestMigration);
  const uncommitted = modelFiles.filter((file) => changed.has(file));
  if (uncommitted.length > 0 && !migrationPending) {
    return { files: uncommitted, reason: 'uncommitted model changes and no new migration yet' };
  }
  const unchanged = { files: [], reason: 'no change after the newest migration' };
  if (!newestMigration || migrationPending) return unchanged;
  const commit = (await git(root, ['log', '-1', '--format=%H', '--', newestMigration]))?.trim();
  if (!commit) return unchanged;
  const later = (await git(root, ['diff', '--name-only', '--relative', commit, 'HEAD', '--', ...modelFiles]))?.split('\n').filter(Boolean) ?? [];
  return later.length > 0 ? { files: later, reason: 'committed after the newest migration' } : unchanged;
}

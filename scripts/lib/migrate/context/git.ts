import { gitAnswerAbout, gitOutput, gitPrefix } from '../../discover/git.js';

export interface ModelChanges {
  /** Model files changed after the newest migration: uncommitted, or committed later than it. */
  files: string[];
  reason: string;
}

const git = (root: string, args: string[]) => gitOutput(root, args);

/** Paths from `git status --porcelain -z`, relative to the repository's top: two status letters and a space, then the path. */
function changedPaths(porcelain: string): string[] {
  return porcelain
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

/**
 * Model files committed after the newest migration's last commit, from `git log --name-only` over
 * those paths (newest first): everything named before the migration's own commit came later.
 */
function committedAfter(log: string, newestMigration: string, modelFiles: Set<string>): string[] {
  const later = new Set<string>();
  for (const commit of log.split('\0').slice(1)) {
    const files = commit.split('\n').slice(1).filter(Boolean);
    if (files.includes(newestMigration)) break;
    for (const file of files) if (modelFiles.has(file)) later.add(file);
  }
  return [...later].sort();
}

/** The answers of git that `modelChanges` reads, asked over paths that hold the model files and the newest migration. */
export interface GitAnswers {
  status: string | undefined;
  prefix: string | undefined;
  log: string | undefined;
}

/**
 * Asks git, in one round of concurrent calls, about `paths` (project-relative files or folders): what is
 * changed or untracked, and which of them the last 500 commits touched. Started before the models and
 * migrations are read (with the folders they live in), git runs while they are.
 */
export async function askGit(root: string, paths: string[]): Promise<GitAnswers> {
  const [status, prefix, log] = await Promise.all([
    git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths]),
    gitPrefix(root),
    git(root, ['log', '-n', '500', '--format=%x00%H', '--name-only', '--relative', '--', ...paths]),
  ]);
  return { status, prefix, log };
}

/**
 * Whether model files changed after the newest migration, from git's answers over paths that include
 * them (never from file times, which a checkout scrambles). Undefined outside a git repository.
 */
export async function modelChanges(root: string, answers: Promise<GitAnswers>, modelFiles: string[], newestMigration: string | undefined): Promise<ModelChanges | undefined> {
  // what is made of git's answers below is about these files only
  gitAnswerAbout(root, newestMigration ? [...modelFiles, newestMigration] : modelFiles);
  if (modelFiles.length === 0) return undefined;
  const { status, prefix, log } = await answers;
  if (status === undefined || prefix === undefined) return undefined;
  const top = prefix.trim();
  const changed = new Set(changedPaths(status).map((path) => (path.startsWith(top) ? path.slice(top.length) : path)));
  const migrationPending = newestMigration !== undefined && changed.has(newestMigration);
  const uncommitted = modelFiles.filter((file) => changed.has(file));
  if (uncommitted.length > 0 && !migrationPending) {
    return { files: uncommitted, reason: 'uncommitted model changes and no new migration yet' };
  }
  const later = newestMigration && !migrationPending && log ? committedAfter(log, newestMigration, new Set(modelFiles)) : [];
  return later.length > 0 ? { files: later, reason: 'committed after the newest migration' } : { files: [], reason: 'no change after the newest migration' };
}

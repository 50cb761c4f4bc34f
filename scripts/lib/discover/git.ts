import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Project } from './types.js';
import { relativePath } from './files.js';
import { declareAnswerReads, declareReadOnlySpawn } from '../cache/kept-runs.js';

/**
 * The output of a short read-only git command, or undefined when it fails (not a repository, no git, past
 * the timeout). Node's own child_process, loaded with the first call (a run that asks git nothing never
 * loads it): loading execa costs more than such a call.
 */
export async function gitOutput(root: string, args: string[], timeoutMs = 5000): Promise<string | undefined> {
  declareReadOnlySpawn('git', () => repositoryReads(root));
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = execFile('git', args, { cwd: root, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      // git missing or too slow this time is no answer to keep
      if (error && (error.killed || error.code === 'ENOENT')) declareAnswerReads(() => undefined);
      resolve(error ? undefined : stdout);
    });
    child.stdin?.end();
  });
}

/** The nearest `.git` (a folder, or the file of a linked worktree or submodule) at or above `root`'s real path, with both. */
function nearestGit(root: string): { top: string; git: string; realRoot: string } | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  for (let dir = realRoot; ; dir = dirname(dir)) {
    const git = join(dir, '.git');
    if (existsSync(git)) return { top: dir, git, realRoot };
    if (dirname(dir) === dir) return undefined;
  }
}

/** The repository holding `root` (its top and its git folder, and `root`'s real path), when `.git` is a folder; undefined otherwise. */
function repositoryOf(root: string): { top: string; gitDir: string; realRoot: string } | undefined {
  const found = nearestGit(root);
  return found && statSync(found.git).isDirectory() ? { top: found.top, gitDir: found.git, realRoot: found.realRoot } : undefined;
}

/** Git's environment variables that move no file git reads (certificates, prompts, identities, tracing); any other may move its repository or configuration. */
const gitVariablesThatMoveNothing = /^GIT_(SSL_|HTTP_|SSH|CURL_|PROXY|TRACE|AUTHOR_|COMMITTER_|ASKPASS$|EDITOR$|PAGER$|TERMINAL_PROMPT$|FLUSH$|PROTOCOL_FROM_USER$)/;

/**
 * The files git's status and log answers depend on beyond the files they are about (a kept run notes
 * them, lib/cache/kept-runs.ts): the repository's HEAD, the branch it names, the packed refs, the index,
 * its configuration, excludes and attributes, and the user's and the system's configuration. Undefined
 * for a setup whose reads are not followed here: the environment moving git (GIT_DIR, GIT_CONFIG_GLOBAL,
 * ...), a linked worktree or submodule (`.git` a file), a configuration that includes other files or
 * names its own excludes or attributes file.
 */
function repositoryReads(root: string): string[] | undefined {
  if (Object.keys(process.env).some((name) => name.startsWith('GIT_') && !gitVariablesThatMoveNothing.test(name))) return undefined;
  const repository = repositoryOf(root);
  if (!repository) return [];
  const { gitDir } = repository;
  const home = process.env.HOME ?? homedir();
  const userConfig = join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'git');
  const configs = [join(gitDir, 'config'), join(home, '.gitconfig'), join(userConfig, 'config'), '/etc/gitconfig'];
  for (const config of configs) {
    let text: string;
    try {
      text = readFileSync(config, 'utf8').toLowerCase();
    } catch {
      continue;
    }
    if (text.includes('include') || text.includes('excludesfile') || text.includes('attributesfile')) return undefined;
  }
  let head = '';
  try {
    head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  } catch {
    // git says what is wrong
  }
  const branch = head.startsWith('ref: ') ? [join(gitDir, ...head.slice(5).split('/'))] : [];
  const inGitDir = ['HEAD', 'index', 'packed-refs', 'shallow', 'commondir', 'info/exclude', 'info/attributes', 'info/grafts', 'objects/info/alternates'];
  return [...configs, join(userConfig, 'ignore'), join(userConfig, 'attributes'), ...inGitDir.map((file) => join(gitDir, ...file.split('/'))), ...branch];
}

/**
 * What git's status of `files` (project-relative) depends on besides the repository (`repositoryReads`):
 * each file, and the `.gitignore` and `.gitattributes` of every folder from the repository's top down to it.
 */
function fileReads(root: string, files: Iterable<string>): string[] | undefined {
  const repository = repositoryOf(root);
  if (!repository) return [];
  const reads = new Set<string>();
  for (const file of files) {
    const absolute = join(repository.realRoot, ...file.split('/'));
    reads.add(absolute);
    for (let dir = dirname(absolute); dir.startsWith(repository.top); dir = dirname(dir)) {
      reads.add(join(dir, '.gitignore'));
      reads.add(join(dir, '.gitattributes'));
      if (dir === repository.top || dirname(dir) === dir) break;
    }
  }
  return [...reads];
}

/** Tells a recording run (lib/cache/kept-runs.ts) that what it makes of git's answers depends on `files` alone, beyond the repository. */
export function gitAnswerAbout(root: string, files: Iterable<string>): void {
  declareAnswerReads(() => fileReads(root, files));
}

/**
 * What `git rev-parse --show-prefix` prints for `root` (the path from the work tree's top, with a trailing
 * slash; '' at the top), found without starting git: the nearest `.git` (a folder, or the file of a linked
 * worktree or submodule) at or above the real path. Asked of git when the environment moves the repository
 * (GIT_DIR, GIT_WORK_TREE); undefined when no repository holds the folder.
 */
export async function gitPrefix(root: string): Promise<string | undefined> {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return (await gitOutput(root, ['rev-parse', '--show-prefix']))?.trim();
  const found = nearestGit(root);
  if (!found) return undefined;
  const prefix = relative(found.top, found.realRoot).split(sep).join('/');
  return prefix === '' ? '' : `${prefix}/`;
}

/**
 * Which of `candidates` (project-relative paths) git sees as changed or added relative to HEAD, tracked or
 * not, looking only under `dirs` (absolute); undefined outside a git repository (or without git).
 */
export async function changedSinceHead(project: Project, dirs: string[], candidates: ReadonlySet<string>): Promise<string[] | undefined> {
  const paths = dirs.map((dir) => relativePath(project.root, dir) || '.');
  const [status, prefix] = await Promise.all([gitOutput(project.root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths]), gitPrefix(project.root)]);
  gitAnswerAbout(project.root, candidates);
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

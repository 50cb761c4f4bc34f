import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { applyAtomically, type FileOp } from '../edit/atomic.js';

/** Folders never part of a project's own files: caches, environments, version control. */
const skipped = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.mypy_cache', '.ruff_cache', '.pytest_cache']);

/** Files larger than this are kept as a hash only: a change to one is reported, not undone. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

interface FileState {
  hash: string;
  bytes: Buffer | undefined;
}

/** The files and folders of some parts of a project at one moment, to undo whatever a command changed there since. */
export interface TreeSnapshot {
  root: string;
  /** Folders (relative, forward slashes) taken whole, and whether each is recursive; '' is the root's own files. */
  scopes: { path: string; recursive: boolean }[];
  files: Map<string, FileState>;
  dirs: Set<string>;
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function walk(root: string, scope: { path: string; recursive: boolean }, visit: (path: string, kind: 'file' | 'dir') => void): void {
  const start = join(root, scope.path);
  const stat = lstatSync(start, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return;
  const recurse = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = join(dir, entry.name);
      const path = relative(root, absolute).split(sep).join('/');
      if (entry.isDirectory()) {
        if (skipped.has(entry.name) || !scope.recursive) continue;
        visit(path, 'dir');
        recurse(absolute);
      } else if (entry.isFile()) visit(path, 'file');
    }
  };
  recurse(start);
}

export function snapshotTree(root: string, scopes: { path: string; recursive: boolean }[]): TreeSnapshot {
  const files = new Map<string, FileState>();
  const dirs = new Set<string>();
  for (const scope of scopes) {
    walk(root, scope, (path, kind) => {
      if (kind === 'dir') return void dirs.add(path);
      const bytes = readFileSync(join(root, path));
      files.set(path, { hash: hashOf(bytes), bytes: bytes.length <= MAX_KEPT_BYTES ? bytes : undefined });
    });
  }
  return { root, scopes, files, dirs };
}

export interface TreeChanges {
  created: string[];
  modified: string[];
  deleted: string[];
  /** Folders that did not exist at the snapshot. */
  createdDirs: string[];
}

export function changesSince(snapshot: TreeSnapshot): TreeChanges {
  const now = snapshotTree(snapshot.root, snapshot.scopes);
  const created: string[] = [];
  const modified: string[] = [];
  for (const [path, state] of now.files) {
    const before = snapshot.files.get(path);
    if (!before) created.push(path);
    else if (before.hash !== state.hash) modified.push(path);
  }
  const deleted = [...snapshot.files.keys()].filter((path) => !now.files.has(path));
  const createdDirs = [...now.dirs].filter((dir) => !snapshot.dirs.has(dir));
  return { created: created.sort(), modified: modified.sort(), deleted: deleted.sort(), createdDirs: createdDirs.sort() };
}

/**
 * Puts the snapshot's parts of the tree back as they were, byte for byte: files created since are removed, changed or
 * deleted ones written back (all or none, through `applyAtomically`), then the folders created since are removed.
 * Returns what it undid.
 */
export function restoreTree(snapshot: TreeSnapshot): TreeChanges {
  const changes = changesSince(snapshot);
  const lost = [...changes.modified, ...changes.deleted].filter((path) => !snapshot.files.get(path)!.bytes);
  if (lost.length > 0) throw new Error(`cannot restore ${lost.join(', ')}: too large to keep a copy of`);
  const ops: FileOp[] = [
    ...changes.created.map((path): FileOp => ({ kind: 'delete', path })),
    ...[...changes.modified, ...changes.deleted].map((path): FileOp => ({ kind: 'write', path, content: snapshot.files.get(path)!.bytes! })),
  ];
  applyAtomically(snapshot.root, ops, { stagingIn: '', keepDirs: [...snapshot.dirs] });
  for (const dir of [...changes.createdDirs].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(join(snapshot.root, dir));
    } catch {
      // not empty: something not ours is in it (a file outside the snapshot's scopes); leave it
    }
  }
  return changes;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// No zod here: the SessionStart hook reads these, and it must stay cheap.

/** What a vendored install owns in a project, besides the skill folders: the shared runtime and the manifest. */
export const VENDOR_DIR = '.claude/stk-skills';
/**
 * The bundles, WebAssembly and Python helper that every vendored skill runs. Not `dist/`: Python
 * projects' .gitignore files commonly ignore `dist/`, and the runtime must be committed.
 */
export const RUNTIME_DIR = `${VENDOR_DIR}/runtime`;
/** The list of every file a vendored install wrote (manifest.ts has its schema). */
export const MANIFEST_FILE = `${VENDOR_DIR}/manifest.json`;

/** The files the manifest in `root` lists; none when there is no readable manifest. */
export function listedInManifest(root: string): Set<string> {
  try {
    const files = (JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as { files?: unknown }).files;
    return new Set(typeof files === 'object' && files !== null ? Object.keys(files) : []);
  } catch {
    return new Set();
  }
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PLUGIN_NAME } from './skills.js';
import { MANIFEST_FILE } from './vendor-paths.js';

export { MANIFEST_FILE, RUNTIME_DIR, VENDOR_DIR } from './vendor-paths.js';

export const ManifestSchema = z.object({
  plugin: z.literal(PLUGIN_NAME),
  version: z.string(),
  /** Every file the install wrote (the manifest aside), relative to the project root with forward slashes, with its SHA-256. */
  files: z.record(z.string(), z.string()),
  /** The hook commands it added to `.claude/settings.json`. */
  hookCommands: z.array(z.string()),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export type ManifestRead = { kind: 'none' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; manifest: Manifest };

/** The vendored install's manifest in `root`, if there is one. */
export function readManifest(root: string): ManifestRead {
  let text: string;
  try {
    text = readFileSync(join(root, MANIFEST_FILE), 'utf8');
  } catch {
    return { kind: 'none' };
  }
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', manifest: parsed.data };
    return { kind: 'invalid', reason: parsed.error.issues[0]?.message ?? 'unexpected content' };
  } catch (error) {
    return { kind: 'invalid', reason: (error as Error).message.split('\n')[0] ?? 'not JSON' };
  }
}

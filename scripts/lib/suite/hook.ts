import type { HookEvent } from '../hook/event.js';
import { additionalContext, firstTimeFor, nothing, type HookOutcome } from '../hook/output.js';
import { findShadows, warnShadows } from './shadow.js';

/**
 * SessionStart: when project skills take our skills' names, two lines (what and the fix), once per
 * session; nothing at all otherwise. It reads a directory listing and a few front matters, nothing more.
 */
export async function shadowWarning(event: HookEvent): Promise<HookOutcome> {
  const start = typeof event.cwd === 'string' ? event.cwd : process.cwd();
  const shadows = await findShadows(start);
  if (shadows.length === 0) return nothing;
  const session = typeof event.session_id === 'string' ? event.session_id : 'no-session';
  if (!firstTimeFor('session-start', session, start)) return nothing;
  return additionalContext('SessionStart', (await warnShadows(shadows, start)).join('\n'));
}

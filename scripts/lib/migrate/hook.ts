import type { Project } from '../discover/types.js';
import { additionalContext, findingsOutcome, firstTimeFor, nothing, type HookOutcome } from '../hook/output.js';

/**
 * A migration just written: the catalogue runs on it (without squawk, which needs Python). Errors block,
 * warnings and notes come back as context, a clean file prints nothing.
 */
export async function migrationHook(project: Project, file: string, relative: string): Promise<HookOutcome> {
  const [{ validateMigrations }, { summarize }] = await Promise.all([import('./validate.js'), import('../findings/summary.js')]);
  const result = await validateMigrations(project, { files: [file], squawk: false });
  return findingsOutcome('stk-migrate validate', relative, summarize(result.findings));
}

/** A model file just written: once per session, a reminder that a schema change needs a migration. */
export function modelReminder(project: Project, relative: string, session: string): HookOutcome {
  if (!firstTimeFor(session, project.root)) return nothing;
  return additionalContext(
    'PostToolUse',
    `stk-migrate: ${relative} declares models. If this edit changes the schema, the project needs a migration: use the /stk-migrate skill (it generates, validates and round-trips it).`,
  );
}

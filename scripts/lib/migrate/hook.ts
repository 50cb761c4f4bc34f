import type { Project } from '../discover/types.js';
import type { ModelFileResult } from '../models/parse.js';
import { additionalContext, block, findingsOutcome, firstTimeFor, nothing, type HookOutcome } from '../hook/output.js';

/**
 * A migration just written: the catalogue runs on it (without squawk, which needs Python). Errors block,
 * warnings and notes come back as context, a clean file prints nothing.
 */
export async function migrationHook(project: Project, file: string, relative: string): Promise<HookOutcome> {
  const [{ validateMigrations }, { summarize }] = await Promise.all([import('./validate.js'), import('../findings/summary.js')]);
  const result = await validateMigrations(project, { files: [file], squawk: false });
  return findingsOutcome('stk-migrate validate', relative, summarize(result.findings));
}

/**
 * A model file just written: a file Python cannot import (or too large to check) blocks: the app and autogenerate would fail;
 * otherwise, once per session, a reminder that a schema change needs a migration.
 */
export async function modelReminder(project: Project, model: ModelFileResult, relative: string, session: string): Promise<HookOutcome> {
  const [{ modelFileFindings }, { summarize }, { renderFindingsText }] = await Promise.all([
    import('./model-files.js'),
    import('../findings/summary.js'),
    import('../findings/render.js'),
  ]);
  // a model file Python refuses, or one too large to check, is not passed as fine
  const refused = modelFileFindings([model]);
  if (refused.length > 0) {
    return block(`stk-migrate ${relative}:\n${renderFindingsText(summarize(refused), false)}Fix the error above in ${relative}; the file is checked again when you save it.\n`);
  }
  if (!firstTimeFor(session, project.root)) return nothing;
  return additionalContext(
    'PostToolUse',
    `stk-migrate: ${relative} declares models. If this edit changes the schema, the project needs a migration: use the /stk-migrate skill (it generates, validates and round-trips it).`,
  );
}

import type { Project } from '../discover/types.js';
import { findingsOutcome, type HookOutcome } from '../hook/output.js';

/**
 * An app file just written (a Python module of the app package, or a template): the app-code catalogue runs
 * on it. Errors block, warnings and notes come back as context, a clean file prints nothing.
 */
export async function lintHook(project: Project, relative: string): Promise<HookOutcome> {
  const [{ Linter }, { ruleConfigOf }, { summarize }] = await Promise.all([import('./lint.js'), import('../rules/project-config.js'), import('../findings/summary.js')]);
  const linter = new Linter(project, await ruleConfigOf(project));
  const findings = await linter.lint(relative);
  linter.save();
  return findingsOutcome('stk-dev lint', relative, summarize(findings));
}

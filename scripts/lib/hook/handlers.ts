import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HookEvent } from './event.js';
import { combineOutcomes, nothing, type HookOutcome } from './output.js';
import { guardCheck } from './run.js';

/**
 * Claude Code's hooks for the suite, by `hook_event_name`. SessionStart: a two-line warning when project
 * skills take our skills' names (../suite/hook.ts), else nothing. PostToolUse (Write, Edit, MultiEdit): a
 * migration in the versions folder is validated at once; a Python module of the app package or a template
 * under its templates folder is linted (in both, errors block with exit code 2, warnings come back as
 * context, a clean file prints nothing); a model file also gets a once-per-session reminder that a
 * migration is probably needed. Anything else costs nothing. What every handler is guaranteed
 * (./run.ts): a check that cannot run says so, an unreadable file is named, a failure of our own
 * never passes a migration as clean and never breaks Claude's turn.
 */
export async function postToolUse(event: HookEvent): Promise<HookOutcome> {
  const given = event.tool_input?.file_path;
  if (typeof given !== 'string') return nothing;
  const python = given.endsWith('.py');
  if (!python && !given.endsWith('.html')) return nothing;
  const base = typeof event.cwd === 'string' ? event.cwd : process.cwd();
  // normalized: `//`, `/./` or `/x/../` in the path must not take a migration out of its versions folder
  const file = resolve(base, given);
  if (!existsSync(file)) return nothing;
  const { findRoot, discoverProject } = await import('../discover/project.js');
  const root = findRoot(dirname(file));
  if (!root) return nothing;
  // A file that changed since the hook last saw it is parsed: tree-sitter starts now (its WebAssembly compiles
  // off the main thread) while discovery runs. A file it saw as it is needs no parser (a question of
  // scheduling only: what is checked is decided by the hashes).
  if ((await import('../cache/parse-cache.js')).fileVersion(root, file).bytes !== undefined) {
    import('../parse/python.js').then(({ pythonParser }) => pythonParser()).catch(() => undefined);
    if (!python) import('../parse/javascript.js').then(({ javascriptParser }) => javascriptParser()).catch(() => undefined);
  }
  const project = await discoverProject({ project: dirname(file), forFile: file });
  const { isRevisionFile, relativePath } = await import('../discover/files.js');
  const relative = relativePath(project.root, file);
  if (python && isRevisionFile(project, file)) {
    return guardCheck(file, relative, 'block', async () => (await import('../migrate/hook.js')).migrationHook(project, file, relative));
  }
  const { followsStkConventions, isAppFile } = await import('../dev/files.js');
  const model = python ? await (await import('../models/load.js')).modelFileOf(project, relative) : undefined;
  const session = typeof event.session_id === 'string' ? event.session_id : 'no-session';
  const reminder = model ? await guardCheck(file, relative, 'note', async () => (await import('../migrate/hook.js')).modelReminder(project, model, relative, session)) : nothing;
  // a model file Python refuses blocks once, with the model check's message: lint would only repeat its syntax error
  if (reminder.code === 2) return reminder;
  const lint = followsStkConventions(project) && isAppFile(project, relative, file) ? await guardCheck(file, relative, 'note', async () => (await import('../dev/hook.js')).lintHook(project, relative)) : nothing;
  return combineOutcomes(reminder, lint);
}

/** One event of either kind the plugin registers the hook for. */
export async function handleEvent(event: HookEvent): Promise<HookOutcome> {
  return event.hook_event_name === 'SessionStart' ? (await import('../suite/hook.js')).shadowWarning(event) : postToolUse(event);
}

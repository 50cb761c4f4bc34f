import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { isEntry } from './lib/cli/command.js';
import type { HookEvent } from './lib/hook/event.js';
import { nothing, type HookOutcome } from './lib/hook/output.js';
import { guardCheck, runHook } from './lib/hook/run.js';

/**
 * Claude Code's hooks for the suite. PostToolUse (Write, Edit, MultiEdit): a migration in the versions
 * folder is validated at once (errors block with exit code 2, warnings come back as context, a clean
 * file prints nothing); a model file gets a once-per-session reminder that a migration is probably
 * needed. Anything else costs nothing. What every handler is guaranteed (lib/hook/run.ts): a check that
 * cannot run says so, an unreadable file is named, a failure of our own never passes a file as clean.
 */
export async function postToolUse(event: HookEvent): Promise<HookOutcome> {
  const given = event.tool_input?.file_path;
  if (typeof given !== 'string' || !given.endsWith('.py')) return nothing;
  const base = typeof event.cwd === 'string' ? event.cwd : process.cwd();
  const file = isAbsolute(given) ? given : resolve(base, given);
  if (!existsSync(file)) return nothing;
  // Compiling tree-sitter's WebAssembly happens off the main thread: start it now, while discovery runs.
  import('./lib/parse/python.js').then(({ pythonParser }) => pythonParser()).catch(() => undefined);
  const { findRoot, discoverProject } = await import('./lib/discover/project.js');
  if (!findRoot(dirname(file))) return nothing;
  const project = await discoverProject({ project: dirname(file) });
  const { relativePath, globFiles } = await import('./lib/discover/files.js');
  const relative = relativePath(project.root, file);
  if (project.versionDirs.some((dir) => file.startsWith(dir + sep))) {
    return guardCheck(file, relative, 'block', async () => (await import('./lib/migrate/hook.js')).migrationHook(project, file, relative));
  }
  if (globFiles(project.root, project.modelGlobs).includes(relative)) {
    const session = typeof event.session_id === 'string' ? event.session_id : 'no-session';
    return guardCheck(file, relative, 'note', async () => (await import('./lib/migrate/hook.js')).modelReminder(project, file, relative, session));
  }
  return nothing;
}

// run as `node dist/hook.mjs` (or tsx scripts/hook.ts); imported, as by the tests, it only exports the handler
if (isEntry('hook')) await runHook(postToolUse);

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { readStdin, type HookEvent } from './lib/hook/event.js';
import { combineOutcomes, nothing, type HookOutcome } from './lib/hook/output.js';

/**
 * Claude Code's hooks for the suite, by `hook_event_name`. SessionStart: a two-line warning when project
 * skills take our skills' names (lib/suite/hook.ts), else nothing. PostToolUse (Write, Edit, MultiEdit): a
 * migration in the versions folder is validated at once; a Python module of the app package or a template
 * under its templates folder is linted (in both, errors block with exit code 2, warnings come back as
 * context, a clean file prints nothing); a model file also gets a once-per-session reminder that a migration is probably
 * needed. Anything else costs nothing. A failure of our own never breaks Claude's turn.
 */
async function postToolUse(event: HookEvent): Promise<HookOutcome> {
  const given = event.tool_input?.file_path;
  if (typeof given !== 'string') return nothing;
  const python = given.endsWith('.py');
  if (!python && !given.endsWith('.html')) return nothing;
  const base = typeof event.cwd === 'string' ? event.cwd : process.cwd();
  const file = isAbsolute(given) ? given : resolve(base, given);
  if (!existsSync(file)) return nothing;
  // Compiling tree-sitter's WebAssembly happens off the main thread: start it now, while discovery runs.
  import('./lib/parse/python.js').then(({ pythonParser }) => pythonParser()).catch(() => undefined);
  if (!python) import('./lib/parse/javascript.js').then(({ javascriptParser }) => javascriptParser()).catch(() => undefined);
  const { findRoot, discoverProject } = await import('./lib/discover/project.js');
  if (!findRoot(dirname(file))) return nothing;
  const project = await discoverProject({ project: dirname(file), forFile: file });
  const { relativePath } = await import('./lib/discover/files.js');
  const relative = relativePath(project.root, file);
  if (python && project.versionDirs.some((dir) => file.startsWith(dir + sep))) return (await import('./lib/migrate/hook.js')).migrationHook(project, file, relative);
  const { followsStkConventions, isAppFile } = await import('./lib/dev/files.js');
  const lint = followsStkConventions(project) && isAppFile(project, relative, file) ? await (await import('./lib/dev/hook.js')).lintHook(project, relative) : nothing;
  if (python && (await (await import('./lib/models/load.js')).isModelFile(project, relative))) {
    const session = typeof event.session_id === 'string' ? event.session_id : 'no-session';
    return combineOutcomes((await import('./lib/migrate/hook.js')).modelReminder(project, relative, session), lint);
  }
  return lint;
}

async function main(): Promise<void> {
  let outcome: HookOutcome;
  try {
    const { text } = await readStdin();
    let event: HookEvent;
    try {
      event = JSON.parse(text) as HookEvent;
    } catch {
      return;
    }
    if (!event || typeof event !== 'object') return;
    outcome = event.hook_event_name === 'SessionStart' ? await (await import('./lib/suite/hook.js')).shadowWarning(event) : await postToolUse(event);
  } catch (error) {
    // Our own failure must not block Claude: say it where a developer can see it, and let the turn go on.
    process.stderr.write(`stk-migrate hook: ${(error as Error).message?.split('\n')[0] ?? String(error)}\n`);
    return;
  }
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  process.exitCode = outcome.code;
}

await main();

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

/**
 * Claude Code's PostToolUse hook for Write, Edit and MultiEdit. A migration in the versions folder is
 * validated at once: errors go to stderr with exit code 2 (Claude reads them and fixes the file),
 * warnings go back as additional context without blocking, a clean file prints nothing. A model file
 * gets a reminder, once per session, that a migration is probably needed. Anything else, and any
 * failure of our own, exits 0 at once: the hook never breaks Claude's turn.
 */
interface HookEvent {
  session_id?: unknown;
  cwd?: unknown;
  tool_input?: { file_path?: unknown };
}

function readStdin(limit = 4 * 1024 * 1024, timeoutMs = 5000): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => done(Buffer.concat(chunks).toString('utf8'));
    const timer = setTimeout(finish, timeoutMs);
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    process.stdin.on('end', () => {
      clearTimeout(timer);
      finish();
    });
    process.stdin.on('error', () => {
      clearTimeout(timer);
      finish();
    });
  });
}

function additionalContext(text: string): string {
  return `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: text } })}\n`;
}

/** True the first time it is asked for this session and project, false afterwards. */
function firstTimeInSession(session: string, root: string): boolean {
  const dir = join(tmpdir(), 'stk-migrate-hook');
  const marker = join(dir, createHash('sha1').update(`${session}\0${root}`).digest('hex'));
  if (existsSync(marker)) return false;
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, '');
  return true;
}

async function handle(event: HookEvent): Promise<{ code: number; stdout?: string; stderr?: string }> {
  const given = event.tool_input?.file_path;
  if (typeof given !== 'string' || !given.endsWith('.py')) return { code: 0 };
  const base = typeof event.cwd === 'string' ? event.cwd : process.cwd();
  const file = isAbsolute(given) ? given : resolve(base, given);
  if (!existsSync(file)) return { code: 0 };
  // Compiling tree-sitter's WebAssembly happens off the main thread: start it now, while discovery runs.
  import('./lib/parse/python.js').then(({ pythonParser }) => pythonParser()).catch(() => undefined);
  const { findRoot, discoverProject } = await import('./lib/discover/project.js');
  if (!findRoot(dirname(file))) return { code: 0 };
  const project = await discoverProject({ project: dirname(file) });
  const { relativePath, globFiles } = await import('./lib/discover/files.js');
  const relative = relativePath(project.root, file);

  if (project.versionDirs.some((dir) => file.startsWith(dir + sep))) {
    const { validateMigrations } = await import('./lib/validate/validate.js');
    const { summarize } = await import('./lib/findings/summary.js');
    const { renderFindingsText } = await import('./lib/render/findings.js');
    const result = await validateMigrations(project, { files: [file], squawk: false });
    const report = summarize(result.findings);
    if (report.findings.length === 0) return { code: 0 };
    const text = `stk-migrate validate ${relative}:\n${renderFindingsText(report, false)}`;
    if (report.summary.errors > 0) return { code: 2, stderr: `${text}Fix the errors above in ${relative}; the file is validated again when you save it.\n` };
    const advice =
      report.summary.warnings > 0
        ? 'Fix the warnings unless there is a reason not to, and tell the user which you keep and why.'
        : 'These are notes on what could not be verified or was accepted; nothing has to change.';
    return { code: 0, stdout: additionalContext(`${text}${advice}`) };
  }

  if (globFiles(project.root, project.modelGlobs).includes(relative)) {
    const session = typeof event.session_id === 'string' ? event.session_id : 'no-session';
    if (!firstTimeInSession(session, project.root)) return { code: 0 };
    return {
      code: 0,
      stdout: additionalContext(
        `stk-migrate: ${relative} declares models. If this edit changes the schema, the project needs a migration: use the /stk-migrate skill (it generates, validates and round-trips it).`,
      ),
    };
  }
  return { code: 0 };
}

async function main(): Promise<void> {
  let outcome: { code: number; stdout?: string; stderr?: string };
  try {
    const raw = await readStdin();
    let event: HookEvent;
    try {
      event = JSON.parse(raw) as HookEvent;
    } catch {
      return;
    }
    if (!event || typeof event !== 'object') return;
    outcome = await handle(event);
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

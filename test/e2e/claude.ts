// Run the real Claude Code CLI (node_modules/.bin/claude) against the fake model, in a
// fresh HOME and a throwaway copy of a project. Facts behind the choices below were
// checked with claude 2.1.197 on this machine:
//
// Permissions (-p mode, default permission mode, running as root so
// --dangerously-skip-permissions is refused):
// - A skill's `` !`cmd` `` lines need Bash permission for `cmd`: `--allowedTools Bash`
//   (or `Bash(node:*)`), or `allowed-tools: Bash(node:*)` in SKILL.md's front matter.
// - A model's `Skill` tool call also needs `Skill` in --allowedTools.
// - When a `!` line is denied or its command fails:
//   - via `/skill args`: no request reaches the model at all, claude exits 0 with an
//     empty result, and the error exists only in the session transcript as
//     `<local-command-stderr>Error: Shell command failed for pattern "!`...`": ...`
//     (see localCommandErrors);
//   - via a `Skill` tool call: the tool_result is `is_error: true` with
//     `Shell command failed for pattern ...` or
//     `Shell command permission check failed for pattern ...: This command requires approval`.
//
// Offline: CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 is the variable that matters. Without
// it `claude -p` connects to api.anthropic.com (telemetry), and still does DNS look-ups with
// only DISABLE_TELEMETRY/DISABLE_ERROR_REPORTING/DISABLE_AUTOUPDATER set; with it, strace
// shows connections to 127.0.0.1 only. `claude plugin ...` commands resolve api.anthropic.com
// unless ANTHROPIC_BASE_URL is local. `claude plugin install` runs `npm ci --ignore-scripts`
// in the installed copy when it holds a package-lock.json (documented, cannot be turned
// off); npm_config_offline and npm_config_update_notifier keep that npm off the network.
//
// Hook feedback: see hookErrors (exit 2, stderr) and hookContexts (exit 0, additionalContext)
// in fake-model.ts for where a hook's output lands in the next request.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLAUDE_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'claude');
export const DEFAULT_ALLOWED_TOOLS = 'Bash Write Edit Skill';
const DEFAULT_TIMEOUT_MS = 120_000;

/** Folders that are generated state, never part of a project copy. */
const NOT_COPIED = new Set(['node_modules', '.git', '__pycache__', 'instance', '.stk-migrate-cache', '.venv']);

/**
 * The whole environment of every child process the e2e tests start. Nothing is inherited
 * but PATH and locale, so a developer's ANTHROPIC_* / CLAUDE* / SQLALCHEMY_DATABASE_URI
 * (or running the tests from inside Claude Code) cannot change what is tested.
 */
export function isolatedEnv(home: string, modelUrl: string): Record<string, string> {
  return {
    ...inheritedEnv(),
    HOME: home,
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  };
}

/** PATH and locale: all that child processes of the e2e tests inherit (use with extendEnv: false). */
export function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(
    ['PATH', 'LANG', 'LC_ALL', 'TMPDIR'].flatMap((name) => {
      const value = process.env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** Runs `fn` with a new empty temporary folder and removes it afterwards, even on failure. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), `stk-migrate-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `fn` on a throwaway copy of `source` (without generated state such as instance/, and without the
 * paths relative to `source` listed in `without`).
 */
export async function withProjectCopy<T>(source: string, fn: (project: string) => Promise<T>, options: { without?: string[] } = {}): Promise<T> {
  const left = new Set((options.without ?? []).map((relative) => path.join(source, relative)));
  return withTempDir('project', async (dir) => {
    const project = path.join(dir, path.basename(source));
    await cp(source, project, {
      recursive: true,
      filter: (from) => !NOT_COPIED.has(path.basename(from)) && !left.has(from),
    });
    return fn(project);
  });
}

/**
 * Marks `project` as trusted in `home`, as answering the folder-trust question does. Claude Code 2.1.197
 * acts on a project's `extraKnownMarketplaces` and `enabledPlugins` only in a trusted folder.
 */
export async function trustProject(home: string, project: string): Promise<void> {
  const file = path.join(home, '.claude.json');
  const config = await readJson<{ projects?: Record<string, Record<string, unknown>> }>(file).catch(() => ({}) as { projects?: Record<string, Record<string, unknown>> });
  config.projects = { ...config.projects, [project]: { ...config.projects?.[project], hasTrustDialogAccepted: true } };
  await writeFile(file, JSON.stringify(config));
}

export interface ClaudeCliOptions {
  cwd: string;
  home: string;
  /** ANTHROPIC_BASE_URL; plugin commands never call the model but still read it. */
  modelUrl: string;
  timeoutMs?: number;
  /** Variables added to the isolated environment. */
  env?: Record<string, string>;
}

/** Any `claude` command line, e.g. `['plugin', 'validate', '.', '--strict']`. Never throws on exit code. */
export async function claudeCli(args: string[], options: ClaudeCliOptions) {
  return execa(CLAUDE_BIN, args, {
    cwd: options.cwd,
    env: { ...isolatedEnv(options.home, options.modelUrl), ...options.env },
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

export interface ClaudeRunOptions {
  prompt: string;
  /** The project the session works in (usually a withProjectCopy folder). */
  cwd: string;
  modelUrl: string;
  /** `--plugin-dir`; defaults to this repository. `false` runs only what HOME has installed. */
  pluginDir?: string | false;
  /** An existing HOME (e.g. one with the plugin installed), kept; default: a fresh one, removed. */
  home?: string;
  allowedTools?: string;
  timeoutMs?: number;
  /** Variables added to the isolated environment. */
  env?: Record<string, string>;
}

export interface ClaudeRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** The `--output-format json` result object. */
  result: ClaudeResult;
  /** Every session transcript line (JSONL) the run wrote under its HOME. */
  transcript: string;
}

export interface ClaudeResult {
  type: 'result';
  subtype: string;
  is_error: boolean;
  num_turns: number;
  result: string;
  permission_denials: unknown[];
  [key: string]: unknown;
}

/**
 * `claude -p <prompt> --plugin-dir <repo> --allowedTools "Bash Write Edit Skill"
 * --output-format json` in `cwd`. Throws with stdout/stderr when claude fails or times out.
 */
export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRun> {
  if (options.home === undefined) return withTempDir('home', (home) => runClaude({ ...options, home }));
  const pluginDir = options.pluginDir ?? REPO_ROOT;
  const run = await claudeCli(
    [
      '-p',
      options.prompt,
      ...(pluginDir === false ? [] : ['--plugin-dir', pluginDir]),
      '--allowedTools',
      options.allowedTools ?? DEFAULT_ALLOWED_TOOLS,
      '--output-format',
      'json',
    ],
    { cwd: options.cwd, home: options.home, modelUrl: options.modelUrl, timeoutMs: options.timeoutMs, env: options.env },
  );
  if (run.failed) {
    throw new Error(
      `claude -p ${JSON.stringify(options.prompt)} failed (${run.shortMessage}).\n` +
        `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
  return {
    exitCode: run.exitCode,
    stdout: run.stdout,
    stderr: run.stderr,
    result: JSON.parse(run.stdout) as ClaudeResult,
    transcript: await readTranscripts(options.home),
  };
}

async function readTranscripts(home: string): Promise<string> {
  const projects = path.join(home, '.claude', 'projects');
  const entries = await readdir(projects, { recursive: true }).catch(() => []);
  const files = entries.filter((entry) => entry.endsWith('.jsonl')).sort();
  const contents = await Promise.all(files.map((file) => readFile(path.join(projects, file), 'utf8')));
  return contents.join('');
}

/**
 * Errors of local commands (a `/skill` whose `!` line failed or was denied) from a
 * transcript: the only place they appear, since such a run never reaches the model.
 */
export function localCommandErrors(transcript: string): string[] {
  return transcript
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const content = (JSON.parse(line) as { message?: { content?: unknown } }).message?.content;
      return typeof content === 'string' ? [content] : [];
    })
    .flatMap((content) => [...content.matchAll(/<local-command-stderr>([\s\S]*?)<\/local-command-stderr>/g)])
    .map((match) => match[1] ?? '');
}

export interface InstalledPlugin {
  id: string;
  version: string;
  scope: string;
  enabled: boolean;
  installPath: string;
}

/**
 * `claude plugin marketplace add <marketplaceDir>` and `claude plugin install
 * <plugin>@<marketplace>` into `home`, names taken from the folder's manifests; returns
 * the `claude plugin list --json` entry. Throws with the command's output on failure.
 */
export async function installPlugin(marketplaceDir: string, options: Omit<ClaudeCliOptions, 'cwd'>): Promise<InstalledPlugin> {
  const marketplace = await readJson<{ name: string }>(path.join(marketplaceDir, '.claude-plugin', 'marketplace.json'));
  const plugin = await readJson<{ name: string }>(path.join(marketplaceDir, '.claude-plugin', 'plugin.json'));
  const id = `${plugin.name}@${marketplace.name}`;
  const cli = { ...options, cwd: marketplaceDir };
  for (const args of [
    ['plugin', 'marketplace', 'add', marketplaceDir],
    ['plugin', 'install', id],
  ]) {
    const run = await claudeCli(args, cli);
    if (run.failed) throw new Error(`claude ${args.join(' ')} failed (${run.shortMessage}).\n${run.stdout}\n${run.stderr}`);
  }
  const list = await claudeCli(['plugin', 'list', '--json'], cli);
  const installed = (JSON.parse(list.stdout) as InstalledPlugin[]).find((entry) => entry.id === id);
  if (!installed) throw new Error(`claude plugin list --json does not show ${id} after installing it:\n${list.stdout}`);
  return installed;
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

import { execa } from 'execa';

export interface ToolRun {
  /** Exit code, or null when the process could not start, timed out or was killed. */
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr interleaved as the tool wrote them. */
  output: string;
  /** Why the process did not run to an exit code (not found, killed), else undefined. */
  failure: string | undefined;
  seconds: number;
}

/** Runs one argv in the project root: never through a shell, no stdin, killed after `timeoutMs`; `env` adds to the environment. */
export async function runTool(argv: string[], cwd: string, timeoutMs: number, env: Record<string, string> = {}): Promise<ToolRun> {
  const [command, ...args] = argv;
  if (!command) throw new Error('runTool: empty argv');
  const started = performance.now();
  const result = await execa(command, args, {
    cwd,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: timeoutMs,
    // Output is summarized as plain text: no colour, even when our own parent forces it.
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const exitCode = typeof result.exitCode === 'number' && !result.timedOut ? result.exitCode : null;
  const failure = result.timedOut
    ? `timed out after ${timeoutMs / 1000} s`
    : exitCode === null
      ? (result.shortMessage?.split('\n')[0] ?? 'did not run')
      : undefined;
  return { exitCode, timedOut: result.timedOut, output: result.all ?? '', failure, seconds };
}

/** The last `count` non-blank lines of a tool's output, right-trimmed. */
export function lastLines(output: string, count: number): string[] {
  return output
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-count);
}

/** `--timeout <seconds>` as milliseconds; `fallbackSeconds` when the option is absent. */

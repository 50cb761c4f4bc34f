import { relative, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, writeOutput } from './errors.js';

export { UnreadableError, UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  name: string;
  /** One line shown in `stk-migrate --help`. */
  summary: string;
  usage: string;
  /** Lines describing the options specific to this command. */
  optionHelp: string[];
  options: O;
  /** Whether free arguments (files, a message, a revision) are accepted. */
  positionals?: boolean;
}

export const commonOptions = {
  project: { type: 'string' },
  config: { type: 'string' },
  name: { type: 'string' },
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

const commonHelp = [
  '  --project <dir>     project folder (default: the current directory, walking up to the root)',
  '  --config <file>     the alembic.ini to use, as Alembic\'s -c (default: found at, above or below --project)',
  '  --name <section>    the section of alembic.ini to use, as Alembic\'s -n (default: alembic, or the only one)',
  '  --format <format>   output format (text or json; see above for more)',
  '  -h, --help          show this help',
];

export function helpText(spec: CommandSpec<Options>): string {
  return [`Usage: ${spec.usage}`, '', spec.summary, '', 'Options:', ...spec.optionHelp, ...commonHelp, ''].join('\n');
}

export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O & typeof commonOptions; allowPositionals: true; strict: true }>>;

/** Parses argv against the spec plus the common options; unknown options are usage errors. */
export function parseCommand<O extends Options>(spec: CommandSpec<O>, argv: string[]): Parsed<O> {
  try {
    const parsed = parseArgs({ args: argv, options: { ...spec.options, ...commonOptions }, allowPositionals: true, strict: true });
    if (!spec.positionals && parsed.positionals.length > 0 && !(parsed.values as { help?: boolean }).help) {
      throw new UsageError(`unexpected argument '${parsed.positionals[0]}' (see stk-migrate ${spec.name} --help)`);
    }
    return parsed as Parsed<O>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message;
    // `--timeout -1`: Node reads the value as another option and calls it ambiguous; say how to write it
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} takes a value, and one that starts with '-' is written ${ambiguous[1]}=<value> (see stk-migrate ${spec.name} --help)`);
    const first = message.split('\n')[0]?.split('. ')[0] ?? '';
    throw new UsageError(`${first} (see stk-migrate ${spec.name} --help)`);
  }
}

/**
 * A command's `run(argv)`: parses argv against the spec, answers `--help`, and hands the parsed
 * arguments to the command's own code.
 */
export function commandRunner<O extends Options>(spec: CommandSpec<O>, handler: (parsed: Parsed<O>) => Promise<number>): (argv: string[]) => Promise<number> {
  return async (argv) => {
    const parsed = parseCommand(spec, argv);
    if ((parsed.values as { help?: boolean }).help) {
      writeOutput(1, helpText(spec as unknown as CommandSpec<Options>));
      return 0;
    }
    return handler(parsed);
  };
}

/** `--timeout <seconds>` in milliseconds: a positive number of seconds up to a day, else a usage error. */
export function timeoutOption(value: unknown, defaultSeconds: number, command: string): number {
  if (value === undefined) return defaultSeconds * 1000;
  const seconds = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UsageError(`--timeout must be a number of seconds between 1 and 86400, not '${String(value)}' (stk-migrate ${command})`);
  }
  return seconds * 1000;
}

export function requireFormat<F extends string>(value: unknown, allowed: readonly F[], command: string): F {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`--format must be one of ${allowed.join(', ')}, not '${String(value)}' (stk-migrate ${command})`);
}

/** The `--format` given on the command line, read without parsing it (a usage error may come before the parse). */
export function requestedFormat(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') return undefined;
    if (argument === '--format') return argv[index + 1];
    if (argument.startsWith('--format=')) return argument.slice('--format='.length);
  }
  return undefined;
}

/** The kind of a failure, for tools: a UsageError's code (`usage`, `no-project`, `unreadable`, ...), `timeout`, else `internal`. */
export function errorCode(error: unknown): string {
  if (error instanceof UsageError) return error.code;
  if (pythonFailure(error)) return 'project';
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && error.name === 'TimeoutError' && typeof code === 'string' ? code : 'internal';
}

/**
 * Says why a command stopped: one line on stderr, and with `--format json` one JSON document on stdout
 * (`{"error": {"code", "message"}}`), so a tool reading stdout always gets JSON.
 */
export function reportFailure(command: string, code: string, message: string, argv: readonly string[] = process.argv.slice(2)): void {
  const line = message.split('\n')[0] ?? '';
  writeOutput(2, `stk-migrate${command ? ` ${command}` : ''}: ${line}\n`);
  if (requestedFormat(argv) === 'json') writeOutput(1, `${JSON.stringify({ error: { code, message: line } }, null, 2)}\n`);
}

/**
 * The `run` of a command whose output the skill loads (`context`, `api-context`, `blueprint-context`): on any error
 * the Markdown is one line with the reason and exit code 0, so the load goes on. A tool asking for JSON gets one
 * JSON document with an `error` object and exit code 2, as from every other command.
 */
export function contextCommand(name: string, runner: (argv: string[]) => Promise<number>): (argv: string[]) => Promise<number> {
  return async (argv) => {
    try {
      return await runner(argv);
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? '';
      if (requestedFormat(argv) === 'json') {
        reportFailure(name, errorCode(error), message, argv);
        return 2;
      }
      writeOutput(1, `stk-migrate ${name}: ${message} (the rest of the context is unavailable)\n`);
      return 0;
    }
  };
}

/**
 * Runs a command's main function: usage and internal failures become one line on stderr (and a JSON
 * document on stdout under `--format json`) and exit code 2, never a stack trace (set STK_MIGRATE_DEBUG=1
 * to see one).
 */
/** A failure of the project's own Python, as the throwaway helper reports it (lib/throwaway/helper.ts, not imported here: every command loads this file). */
function pythonFailure(error: unknown): { file: string | null; line: number | null; message: string } | undefined {
  if (!(error instanceof Error) || error.name !== 'PythonFailure') return undefined;
  const detail = (error as Error & { detail?: { file?: unknown; line?: unknown; message?: unknown } }).detail;
  if (typeof detail?.message !== 'string') return undefined;
  return { file: typeof detail.file === 'string' ? detail.file : null, line: typeof detail.line === 'number' ? detail.line : null, message: detail.message };
}

/** What a failure says: the project's Python failing names its file and line, and says whose code it is. */
function failureMessage(error: unknown): string {
  const python = pythonFailure(error);
  if (python) {
    const shown = python.file ? relative(process.cwd(), python.file) : '';
    const where = python.file ? `${shown.startsWith('..') ? python.file : shown.split(sep).join('/')}${python.line ? `:${python.line}` : ''}: ` : '';
    return `${where}${python.message} (the project's own Python failed while it was loaded; fix it there and run again)`;
  }
  return error instanceof Error ? error.message : String(error);
}

export async function runMain(name: string, main: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    reportFailure(name, errorCode(error), failureMessage(error));
    if (process.env.STK_MIGRATE_DEBUG && error instanceof Error) writeOutput(2, `${error.stack ?? ''}\n`);
    code = 2;
  }
  process.exitCode = code;
}

/** True when the module named `name` (scripts/<name>.ts) is the process's entry point, as under `tsx scripts/<name>.ts`. */
export function isEntry(name: string): boolean {
  const entry = process.argv[1] ?? '';
  return entry.replace(/\\/g, '/').split('/').pop()?.replace(/\.[cm]?[jt]s$/, '') === name;
}

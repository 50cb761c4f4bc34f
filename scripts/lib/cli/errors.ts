import { fstatSync, readFileSync, readdirSync, writeSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * A problem with the user's input or project, not a bug: printed as one line, exit code 2. `code` names
 * the kind for tools (`--format json` prints it in the `error` object).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly code: string = 'usage',
  ) {
    super(message);
  }
}

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** Why a file operation failed, in words (`permission denied`), without the errno text and its absolute path. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  return reasons[code] ?? ((error as Error | undefined)?.message.split('\n')[0] ?? 'unknown error');
}

/** A file or folder the command needs and cannot read: exit code 2 with the path, never a silent empty result. */
export class UnreadableError extends UsageError {
  override name = 'UnreadableError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot read ${path}: ${reasonOf(cause)}`, 'unreadable');
  }
}

/** The bytes of a file, or an UnreadableError naming it. */
export function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UnreadableError(path, error);
  }
}

/** The names in a folder; [] when it does not exist (nothing to read yet), an UnreadableError when it cannot be read. */
export function readFolder(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UnreadableError(path, error);
  }
}

/** The entries of a folder, with their types; [] when it does not exist, an UnreadableError when it cannot be read. */
export function readFolderEntries(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new UnreadableError(path, error);
  }
}

/**
 * Prints to stdout (1) or stderr (2) with write(2) itself: creating `process.stdout` for a pipe loads
 * Node's net and stream modules, which cost a command more than its output does; and everything printed
 * passes through `fs.writeSync`, where a kept run sees it (lib/cache/kept-runs.ts). A reader that went
 * away (EPIPE) drops the rest; a descriptor that would block (EAGAIN, a non-blocking pipe that is full)
 * is written again after a short wait, until the reader has taken everything.
 */
export function writeOutput(fd: 1 | 2, text: string): void {
  let rest = Buffer.from(text, 'utf8');
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** What `writeOutput` waits on (nothing ever wakes it: each wait ends by its timeout). */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Whether the descriptor is a terminal (for colour), asked without creating `process.stdout`. */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    // a terminal is a character device; only then is node:tty (which loads net) worth asking
    return fstatSync(fd).isCharacterDevice() && (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
  } catch {
    return false;
  }
}

import { readFileSync, readdirSync, type Dirent } from 'node:fs';

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

/** A file or folder the command needs and cannot read: exit code 2 with the path, never a silent empty result. */
export class UnreadableError extends UsageError {
  override name = 'UnreadableError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
    super(`cannot read ${path}: ${reasons[code] ?? ((cause as Error | undefined)?.message.split('\n')[0] ?? 'unknown error')}`, 'unreadable');
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
 * A reader that goes away (`stk-migrate validate | head`) closes the pipe: what is left to print has no
 * one to read it, so it is dropped instead of crashing with a stack trace on the unhandled EPIPE.
 */
export function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

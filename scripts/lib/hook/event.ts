import { fstatSync, readSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/**
 * The fields of a Claude Code hook event that the handlers use (the rest is ignored). A kept answer is
 * keyed by exactly these (`eventKey`): a handler that reads another field adds it here.
 */
export interface HookEvent {
  session_id?: unknown;
  cwd?: unknown;
  hook_event_name?: unknown;
  tool_name?: unknown;
  tool_input?: { file_path?: unknown };
}

/** The largest event read whole; a Write event carries the file's content (and its response may carry it again). */
export const eventLimitBytes = 64 * 1024 * 1024;

export interface EventInput {
  text: string;
  /** The event was larger than the limit or did not end in time (the hook then says it could not check). */
  truncated: boolean;
}

/**
 * What the handlers read of an event, as a string for a kept run's key, and the file it names (absolute,
 * when it is); undefined for input that is not a whole JSON event.
 */
export function eventKey(input: EventInput): { key: string; file: string | undefined } | undefined {
  if (input.truncated) return undefined;
  try {
    const event = JSON.parse(input.text) as HookEvent | null;
    if (!event || typeof event !== 'object') return undefined;
    const file = event.tool_input?.file_path;
    return { key: JSON.stringify([event.session_id, event.cwd, event.hook_event_name, event.tool_name, file]), file: typeof file === 'string' && isAbsolute(file) ? file : undefined };
  } catch {
    return undefined;
  }
}

/**
 * stdin, up to `limit` bytes. Claude Code writes the event to a pipe (a socket pair, as Node makes them)
 * and closes it: that is read at once with read(2) (a stream would load Node's net module for it). A
 * terminal, or a pipe that would block, is read as a stream that gives up after `timeoutMs`.
 */
export function readStdin(limit = eventLimitBytes, timeoutMs = 5000): Promise<EventInput> {
  const chunks: Buffer[] = [];
  let size = 0;
  let kind: ReturnType<typeof fstatSync> | undefined;
  try {
    kind = fstatSync(0);
  } catch {
    kind = undefined;
  }
  if (kind && (kind.isFIFO() || kind.isSocket() || kind.isFile())) {
    try {
      for (;;) {
        const chunk = Buffer.allocUnsafe(64 * 1024);
        const read = readSync(0, chunk, 0, chunk.length, null);
        if (read === 0) return Promise.resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated: false });
        size += read;
        if (size > limit) return Promise.resolve({ text: '', truncated: true });
        chunks.push(chunk.subarray(0, read));
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return Promise.resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated: false });
    }
  }
  return new Promise((done) => {
    const finish = (late: boolean) => {
      process.stdin.pause();
      done({ text: Buffer.concat(chunks).toString('utf8'), truncated: late || size > limit });
    };
    const timer = setTimeout(() => finish(size > 0), timeoutMs);
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    process.stdin.on('end', () => {
      clearTimeout(timer);
      finish(false);
    });
    process.stdin.on('error', () => {
      clearTimeout(timer);
      finish(false);
    });
  });
}

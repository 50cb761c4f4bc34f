/** The fields of a Claude Code hook event that the handlers use (the rest is ignored). */
export interface HookEvent {
  session_id?: unknown;
  cwd?: unknown;
  hook_event_name?: unknown;
  tool_name?: unknown;
  tool_input?: { file_path?: unknown };
}

/** stdin, up to `limit` bytes; `truncated` when the event was larger or did not end within `timeoutMs` (the hook then says it could not check). */
export function readStdin(limit = 4 * 1024 * 1024, timeoutMs = 5000): Promise<{ text: string; truncated: boolean }> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
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

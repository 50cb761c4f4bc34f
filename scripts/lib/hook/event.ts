/** The fields of a Claude Code hook event that the handlers use (the rest is ignored). */
export interface HookEvent {
  session_id?: unknown;
  cwd?: unknown;
  hook_event_name?: unknown;
  tool_name?: unknown;
  tool_input?: { file_path?: unknown };
}

/** stdin, up to `limit` bytes; `truncated` when the event was larger (the handlers then say they could not check). */
export function readStdin(limit = 4 * 1024 * 1024, timeoutMs = 5000): Promise<{ text: string; truncated: boolean }> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => done({ text: Buffer.concat(chunks).toString('utf8'), truncated: size > limit });
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

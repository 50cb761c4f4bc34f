// A scripted stand-in for the Anthropic Messages API, so end-to-end tests can drive the
// real Claude Code client and assert on exactly what the model would have been sent.
//
// Observed with claude 2.1.197 (`-p` mode):
// - It first sends `HEAD /` (a reachability check), then `POST /v1/messages?beta=true`.
// - Main-loop requests carry `"stream": true` and all tools. A plain JSON answer to a
//   streaming request makes the client repeat the same request without `stream`, so a
//   JSON-only fake would see every turn twice; this server answers in SSE instead.
// - `messages` may hold `{"role":"system","content":"..."}` entries between user turns.
// - Requests without `tools` (title generation and the like) are side requests: they get
//   a short text answer and do not consume a script step.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type ReplyBlock = TextBlock | ToolUseBlock;

/** The parsed JSON body of a Messages API request, as far as the tests look into it. */
export interface MessagesRequest {
  model: string;
  stream?: boolean;
  system?: unknown;
  tools?: Array<{ name: string }>;
  messages: Array<{ role: string; content: unknown }>;
  [key: string]: unknown;
}

export interface RecordedRequest {
  url: string;
  body: MessagesRequest;
  /** True when the request carried tools and was answered from the script. */
  scripted: boolean;
}

/** One scripted answer: fixed blocks, or blocks computed from the request being answered. */
export type Step = ReplyBlock[] | ((request: MessagesRequest) => ReplyBlock[]);

export interface FakeModel {
  /** Base URL for ANTHROPIC_BASE_URL. */
  url: string;
  /** Every POSTed request body, in arrival order. */
  requests: RecordedRequest[];
  /** The requests that were answered from the script (main-loop turns). */
  scriptedRequests(): RecordedRequest[];
  /** Requests that arrived after the script ran out; a test should expect none. */
  overruns: MessagesRequest[];
  close(): Promise<void>;
}

let toolUseCounter = 0;

export function text(value: string): TextBlock {
  return { type: 'text', text: value };
}

export function toolUse(name: string, input: Record<string, unknown>): ToolUseBlock {
  toolUseCounter += 1;
  return { type: 'tool_use', id: `toolu_fake_${toolUseCounter}`, name, input };
}

const SIDE_ANSWER = 'Adding a column';
const OVERRUN_ANSWER = 'The fake model script has no step left for this request.';

export interface FakeModelOptions {
  /**
   * Answer `count_tokens` (default: with 1 token). When false it answers 404, and `claude plugin details`
   * falls back to its own estimate from the text (claude 2.1.197), which is what a budget test needs.
   */
  countTokens?: boolean;
}

export async function startFakeModel(script: Step[], options: FakeModelOptions = {}): Promise<FakeModel> {
  const requests: RecordedRequest[] = [];
  const overruns: MessagesRequest[] = [];
  let nextStep = 0;

  const answer = (body: MessagesRequest): { blocks: ReplyBlock[]; scripted: boolean } => {
    if (!body.tools || body.tools.length === 0) return { blocks: [text(SIDE_ANSWER)], scripted: false };
    const step = script[nextStep];
    if (step === undefined) {
      overruns.push(body);
      return { blocks: [text(OVERRUN_ANSWER)], scripted: true };
    }
    nextStep += 1;
    return { blocks: typeof step === 'function' ? step(body) : step, scripted: true };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method !== 'POST') {
        res.writeHead(200).end();
        return;
      }
      if (path.endsWith('/count_tokens')) {
        if (options.countTokens === false) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'fake model: count_tokens is off' } }));
        } else sendJson(res, { input_tokens: 1 });
        return;
      }
      if (!path.endsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `fake model: no route for ${path}` } }));
        return;
      }
      let body: MessagesRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest;
      } catch (error) {
        res.writeHead(400).end(String(error));
        return;
      }
      let reply: { blocks: ReplyBlock[]; scripted: boolean };
      try {
        reply = answer(body);
      } catch (error) {
        // A throwing step is a test bug; answer with it so the client run shows it too.
        reply = { blocks: [text(`fake model step failed: ${String(error)}`)], scripted: true };
      }
      requests.push({ url: req.url ?? '', body, scripted: reply.scripted });
      const message = assistantMessage(requests.length, body.model, reply.blocks);
      if (body.stream) sendStream(res, message);
      else sendJson(res, message);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    overruns,
    scriptedRequests: () => requests.filter((request) => request.scripted),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface AssistantMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ReplyBlock[];
  stop_reason: 'end_turn' | 'tool_use';
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number };
}

function assistantMessage(index: number, model: string, content: ReplyBlock[]): AssistantMessage {
  return {
    id: `msg_fake_${index}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  };
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function sendStream(res: http.ServerResponse, message: AssistantMessage): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  event('message_start', { message: { ...message, content: [], stop_reason: null } });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      event('content_block_start', { index, content_block: { ...block, input: {} } });
      event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}

/** Every piece of text in a request's messages, tool results included, in order. */
export function messageTexts(body: Pick<MessagesRequest, 'messages'>): string[] {
  return body.messages.flatMap((message) => textsOf(message.content));
}

function textsOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block: unknown) => {
    if (typeof block !== 'object' || block === null) return [];
    const { type } = block as { type?: unknown };
    if (type === 'text') return [String((block as TextBlock).text)];
    if (type === 'tool_result') return textsOf((block as { content?: unknown }).content);
    return [];
  });
}

export interface ToolResult {
  isError: boolean;
  /** The tool_result's text. */
  text: string;
  /** The user message that carries it, with whatever the client added next to it. */
  message: MessagesRequest['messages'][number];
}

/** The tool_result answering the tool_use `toolUseId`, if the request has it. */
export function toolResult(body: MessagesRequest, toolUseId: string): ToolResult | undefined {
  for (const message of body.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Array<Record<string, unknown>>) {
      if (block.type === 'tool_result' && block.tool_use_id === toolUseId) {
        return { isError: block.is_error === true, text: textsOf(block.content).join('\n'), message };
      }
    }
  }
  return undefined;
}

const SKILL_PREFIX = 'Base directory for this skill: ';

export interface SkillExpansion {
  /** The skill's folder, as the client printed it. */
  directory: string;
  /** The whole text block: the prefix line, then SKILL.md's body after substitution and `!` lines. */
  text: string;
}

/**
 * The loaded skills a request shows the model. Both ways of loading put the same text
 * block, `Base directory for this skill: <dir>\n\n<expanded body>`, into a user message:
 * - `/plugin-skill args` (or `/skill args`): the first user message, after a
 *   `<command-message>…</command-message><command-name>…</command-name><command-args>…`
 *   text block;
 * - a `Skill` tool call: the user message that holds the tool_result (whose content is
 *   only `Launching skill: <plugin>:<skill>`), as a text block after it.
 */
export function skillExpansions(body: Pick<MessagesRequest, 'messages'>): SkillExpansion[] {
  return messageTexts(body)
    .filter((value) => value.startsWith(SKILL_PREFIX))
    .map((value) => ({ directory: value.slice(SKILL_PREFIX.length).split('\n', 1)[0] ?? '', text: value }));
}

export interface HookError {
  event: string;
  tool: string;
  /** The command as written in hooks.json (`${CLAUDE_PLUGIN_ROOT}` is not expanded here). */
  command: string;
  stderr: string;
}

const HOOK_ERROR = /^<system-reminder>\n(\w+):(\w+) hook blocking error from command: "([\s\S]*?)": \[[\s\S]*?\]: ([\s\S]*)\n<\/system-reminder>$/;

/**
 * What command hooks that exited 2 told the model, from the request that follows the
 * tool call. Observed with claude 2.1.197: the user message holding the tool_result gets,
 * right after it, a text block
 * `<system-reminder>\nPostToolUse:Write hook blocking error from command: "<command>": [<command>]: <stderr>\n</system-reminder>`.
 * A hook that exits 0 without output adds nothing.
 */
export function hookErrors(body: MessagesRequest): HookError[] {
  return lastUserTexts(body).flatMap((value) => {
    const match = HOOK_ERROR.exec(value);
    if (!match) return [];
    const [, event = '', tool = '', command = '', stderr = ''] = match;
    return [{ event, tool, command, stderr }];
  });
}

export interface HookContext {
  event: string;
  tool: string;
  /** The hook's `hookSpecificOutput.additionalContext`, as given. */
  text: string;
}

const HOOK_CONTEXT = /^<system-reminder>\n(\w+):(\w+) hook additional context: ([\s\S]*)\n<\/system-reminder>$/;

/**
 * What command hooks that exited 0 with `{"hookSpecificOutput":{"hookEventName":"PostToolUse",
 * "additionalContext":"..."}}` on stdout told the model, from the request that follows the
 * tool call. Observed with claude 2.1.197: the same place as a blocking error, a text block
 * right after the tool_result in the user message that holds it,
 * `<system-reminder>\nPostToolUse:Edit hook additional context: <additionalContext>\n</system-reminder>`
 * (no command named). The tool_result itself is unchanged and not an error.
 */
export function hookContexts(body: MessagesRequest): HookContext[] {
  return lastUserTexts(body).flatMap((value) => {
    const match = HOOK_CONTEXT.exec(value);
    if (!match) return [];
    const [, event = '', tool = '', context = ''] = match;
    return [{ event, tool, text: context }];
  });
}

/** The texts of the request's last user message (the one with the latest tool_result), tool results included. */
function lastUserTexts(body: MessagesRequest): string[] {
  const lastUser = body.messages.filter((message) => message.role === 'user').at(-1);
  return lastUser ? textsOf(lastUser.content) : [];
}

const SESSION_START = 'SessionStart hook additional context: ';

/**
 * What SessionStart hooks told the model (their `additionalContext`), from any request of the session.
 * Observed with claude 2.1.197: a `{"role":"system"}` message whose text starts
 * `SessionStart hook additional context: <additionalContext>` and goes on, after a blank line, with
 * the client's own text; a hook that prints nothing adds nothing.
 */
export function sessionStartContexts(body: Pick<MessagesRequest, 'messages'>): string[] {
  return messageTexts(body).flatMap((value) =>
    value
      .split(SESSION_START)
      .slice(1)
      .map((rest) => rest.split('\n\n', 1)[0] ?? ''),
  );
}

const SKILL_LIST = 'The following skills are available for use with the Skill tool:\n\n';

/**
 * The skills a request offers the model for the Skill tool, by the names it shows (`stk-skills:stk-migrate`
 * for a plugin's, the bare name for a project's). Observed with claude 2.1.197: a text block
 * `The following skills are available for use with the Skill tool:` then one `- <name>: <description>` line each.
 */
export function offeredSkills(body: Pick<MessagesRequest, 'messages'>): string[] {
  return messageTexts(body).flatMap((value) => {
    const at = value.indexOf(SKILL_LIST);
    if (at < 0) return [];
    const lines = value.slice(at + SKILL_LIST.length).split('\n');
    const end = lines.findIndex((line) => !line.startsWith('- '));
    return lines.slice(0, end < 0 ? lines.length : end).map((line) => line.slice(2).split(': ', 1)[0] ?? '');
  });
}

/** Runs `fn` against a fake model answering `script`, checks that no request went unanswered, and stops the server. */
export async function withFakeModel<T>(script: Step[], fn: (model: FakeModel) => Promise<T>): Promise<T> {
  const model = await startFakeModel(script);
  try {
    const outcome = await fn(model);
    expect(model.overruns, 'requests the fake model had no scripted answer for').toEqual([]);
    return outcome;
  } finally {
    await model.close();
  }
}

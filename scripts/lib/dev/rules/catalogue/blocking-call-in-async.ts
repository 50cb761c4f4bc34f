import { calls, inAsyncFunction } from '../../python/module.js';
import { at, pythonRule, shortCode } from '../types.js';

const httpMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'Session', 'Client', 'stream']);
const subprocessCalls = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'os.system', 'os.popen']);

/** The help for a blocking call (`args` is the argument text, shortened), or undefined when the callee does not block. */
function asyncAlternative(callee: string, args: string): string | undefined {
  const thread = `or run it in a thread: \`await asyncio.to_thread(${callee}${args ? `, ${args}` : ''})\``;
  if (callee === 'time.sleep') return `write \`await asyncio.sleep(${args})\``;
  const [root, member] = [callee.split('.')[0]!, callee.split('.').slice(1).join('.')];
  if ((root === 'requests' || root === 'httpx') && httpMethods.has(member)) {
    const method = member === 'Session' || member === 'Client' || member === 'request' || member === 'stream' ? 'get' : member;
    return `use an async client: \`async with httpx.AsyncClient() as client: response = await client.${method}(${member === method ? args : '...'})\`, ${thread}`;
  }
  if (callee.startsWith('urllib.request.')) return `use an async client (\`httpx.AsyncClient\`), ${thread}`;
  if (subprocessCalls.has(callee)) return `use \`process = await asyncio.create_subprocess_exec(...)\` and \`await process.communicate()\`, ${thread}`;
  if (callee === 'smtplib.SMTP' || callee === 'smtplib.SMTP_SSL') return 'move the whole send into a function and call it with `await asyncio.to_thread(send_mail, ...)`';
  return undefined;
}

export const blockingCallInAsync = pythonRule({
  id: 'blocking-call-in-async',
  group: 'async',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports calls that block the thread inside `async def`: `time.sleep`, `requests.*`, synchronous `httpx` calls, `urllib.request`, `subprocess.run` and its siblings, `os.system`, `smtplib.SMTP`. Code in a nested `def` or `lambda` (what `asyncio.to_thread` runs) is not reported, nor is a blocking function passed without being called (`asyncio.to_thread(time.sleep, 1)`).',
    why: 'Quart serves every request of a worker on one event loop. A blocking call inside a handler stops all of them until it returns: one slow HTTP call or a `time.sleep(1)` makes every user of the app wait.',
    example: 'async def refresh_rates():\n    response = requests.get(RATES_URL, timeout=10)\n    time.sleep(1)',
    fix: 'async def refresh_rates():\n    async with httpx.AsyncClient() as client:\n        response = await client.get(RATES_URL, timeout=10)\n    await asyncio.sleep(1)',
  },
  check({ module }) {
    return calls(module).flatMap(({ call, callee }) => {
      if (!callee || !inAsyncFunction(module, call)) return [];
      const args = (call.childForFieldName('arguments')?.text ?? '()').slice(1, -1);
      const help = asyncAlternative(callee, args.includes('\n') || args.length > 50 ? '...' : args.trim());
      if (!help) return [];
      return [
        {
          ...at(call),
          message: `\`${shortCode(call)}\` blocks the event loop inside an async function: every request of this worker waits until it returns.`,
          help,
        },
      ];
    });
  },
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { output, type Command } from './measure.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time the profiler saw, from the first line of JavaScript to exit (profiling slows it somewhat). */
  spanMs: number;
  /** Milliseconds per category, largest first. */
  categories: { category: string; ms: number; share: number }[];
}

/** What a bundle chunk mostly holds, from strings that survive minification. */
function chunkLabel(url: string, labels: Map<string, string>): string {
  let label = labels.get(url);
  if (label === undefined) {
    let text = '';
    try {
      text = readFileSync(fileURLToPath(url), 'utf8');
    } catch {
      // not a file: leave it unlabelled
    }
    // Strings that only the library itself holds (a chunk that merely imports it names it too).
    label = text.includes('Command failed with')
      ? 'execa and the code bundled with it (loading and running)'
      : text.includes('SQLite format 3')
        ? 'the SQLite page reader and the code bundled with it'
        : text.includes('ts_parser_parse_wasm')
          ? 'tree-sitter (WebAssembly and its JavaScript side)'
          : text.includes('ZodError')
            ? 'zod and the code bundled with it'
            : "the bundle's other code (discovery, cache, graph, rules, render)";
    labels.set(url, label);
  }
  return label;
}

/** Where a sample's time went, judged from its own frame and its callers (the bundle is minified, so by kind of work). */
function categorize(stack: ProfileNode[], labels: Map<string, string>): string {
  const leaf = stack[0]!.callFrame;
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (leaf.functionName === '(idle)') return 'idle: waiting for child processes and I/O';
  if (leaf.functionName === '(program)') return 'V8 and native code outside JavaScript';
  const frames = stack.map((node) => node.callFrame);
  if (frames.some((frame) => /child_process/.test(frame.url))) return 'starting git processes (child_process.spawn)';
  // Module code runs under the loader's frames too, so only the loader's own work counts here.
  if (/^node:internal\/(modules|bootstrap|process\/pre_execution)/.test(leaf.url) || /compile(SourceTextModule|ForInternalLoader)/.test(leaf.functionName)) return 'loading and compiling modules';
  if (leaf.url === '' && /^(stat|lstat|readdir|readFileUtf8|open|read|close|writeFileUtf8|rename|mkdir)$/.test(leaf.functionName)) return 'file system calls';
  if (leaf.url === '' && leaf.functionName === 'parse') return 'JSON.parse (the parse cache)';
  const owner = frames.find((frame) => frame.url.startsWith('file://') && frame.url.includes('/dist/'));
  if (owner) return chunkLabel(owner.url, labels);
  return 'other Node built-ins (streams, events, path, ...)';
}

/** Runs the command once under `node --cpu-prof` and sums the samples by kind of work. */
export async function profile(command: Command): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-bench-prof-'));
  try {
    const [node, ...rest] = command.argv;
    await output({ ...command, argv: [node!, '--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', ...rest] });
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`node --cpu-prof wrote no profile for ${command.argv.join(' ')}`);
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(data.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of data.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const totals = new Map<string, number>();
    const labels = new Map<string, string>();
    data.samples.forEach((id, index) => {
      const stack: ProfileNode[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
      const category = categorize(stack, labels);
      totals.set(category, (totals.get(category) ?? 0) + (data.timeDeltas[index] ?? 0) / 1000);
    });
    const spanMs = (data.endTime - data.startTime) / 1000;
    const categories = [...totals]
      .sort((a, b) => b[1] - a[1])
      .map(([category, ms]) => ({ category, ms: Math.round(ms * 10) / 10, share: Math.round((ms / spanMs) * 1000) / 1000 }));
    return { spanMs: Math.round(spanMs * 10) / 10, categories };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

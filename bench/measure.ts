import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One process to start; a case runs its commands one after another, timed as a whole. */
export interface Command {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is closed afterwards; without it stdin is /dev/null. */
  input?: string;
  /** Exit codes that mean the command did its job (default: 0). */
  okCodes?: number[];
}

export interface Case {
  id: string;
  commands: Command[];
  warmups: number;
  runs: number;
  /** Untimed, before every run (warm-ups included): e.g. put a database back at a revision. */
  before?: () => void;
}

export interface Stats {
  runs: number;
  warmups: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  q1Ms: number;
  q3Ms: number;
  /** Largest resident set of any one process of the case (GNU time %M of each command, warm-up runs). */
  peakRssKb: number;
  timesMs: number[];
}

interface Outcome {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function runOnce(command: Command, argv = command.argv): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0]!, argv.slice(1), { cwd: command.cwd, env: command.env, stdio: [command.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (command.input !== undefined) child.stdin!.end(command.input);
  });
}

function check(command: Command, outcome: Outcome): void {
  if (!(command.okCodes ?? [0]).includes(outcome.code ?? -1)) {
    const tail = `${outcome.stderr}${outcome.stdout}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${command.argv.join(' ')} (in ${command.cwd}) exited with ${outcome.code}:\n${tail}`);
  }
}

/** Runs a command once, untimed, and returns its output (for the correctness checks beside the timings). */
export async function output(command: Command): Promise<string> {
  const outcome = await runOnce(command);
  check(command, outcome);
  return outcome.stdout;
}

const timeBinary = '/usr/bin/time';

/** A warm-up run: each command under GNU time, whose %M (max RSS in KB) is the largest process of that command's tree. */
async function warmup(test: Case, scratch: string): Promise<number> {
  let peak = 0;
  for (const [index, command] of test.commands.entries()) {
    const file = join(scratch, `rss-${index}`);
    const outcome = await runOnce(command, [timeBinary, '-f', '%M', '-o', file, ...command.argv]);
    check(command, outcome);
    peak = Math.max(peak, Number.parseInt(readFileSync(file, 'utf8').trim().split('\n').pop() ?? '0', 10));
  }
  return peak;
}

async function timed(test: Case): Promise<number> {
  let total = 0;
  for (const command of test.commands) {
    const outcome = await runOnce(command);
    check(command, outcome);
    total += outcome.ms;
  }
  return total;
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Measures cases side by side: warm-ups, then timed runs interleaved case by case (A, B, A, B, ...), so
 * that a change in the machine's load falls on every case alike. Timed runs start processes directly;
 * memory comes from the warm-up runs, under GNU time (after the first warm-up, which may fill a cache).
 */
export async function measureTogether(cases: Case[], onProgress: (message: string) => void = () => undefined): Promise<Map<string, Stats>> {
  const scratch = mkdtempSync(join(tmpdir(), 'stk-migrate-bench-rss-'));
  try {
    const peaks = new Map<string, number[]>(cases.map((test) => [test.id, []]));
    const times = new Map<string, number[]>(cases.map((test) => [test.id, []]));
    const rounds = Math.max(...cases.map((test) => test.warmups));
    for (let round = 0; round < rounds; round += 1) {
      for (const test of cases.filter((candidate) => round < candidate.warmups)) {
        test.before?.();
        peaks.get(test.id)!.push(await warmup(test, scratch));
      }
    }
    const runs = Math.max(...cases.map((test) => test.runs));
    for (let run = 0; run < runs; run += 1) {
      for (const test of cases.filter((candidate) => run < candidate.runs)) {
        test.before?.();
        times.get(test.id)!.push(await timed(test));
      }
      if (run % 5 === 4) onProgress(`  ${run + 1}/${runs} runs`);
    }
    const result = new Map<string, Stats>();
    for (const test of cases) {
      const sorted = [...times.get(test.id)!].sort((a, b) => a - b);
      const memory = peaks.get(test.id)!;
      result.set(test.id, {
        runs: sorted.length,
        warmups: test.warmups,
        medianMs: round(quantile(sorted, 0.5)),
        minMs: round(sorted[0]!),
        maxMs: round(sorted[sorted.length - 1]!),
        q1Ms: round(quantile(sorted, 0.25)),
        q3Ms: round(quantile(sorted, 0.75)),
        peakRssKb: Math.max(...(memory.length > 1 ? memory.slice(1) : memory)),
        timesMs: times.get(test.id)!.map(round),
      });
    }
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

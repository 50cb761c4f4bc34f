/**
 * A process for test/cache/kept-runs.test.ts: replays the run kept under the key `argv[2]`, or else
 * (recording) runs one that does what `argv[3]` (JSON) says: reads, lists and looks for files, prints, and
 * perhaps does something a kept run must refuse.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { answerOrRecord, declareAnswerReads, declareReadOnlySpawn } from '../../scripts/lib/cache/kept-runs.js';
import { writeOutput } from '../../scripts/lib/cli/errors.js';

interface Plan {
  read?: string[];
  missing?: string[];
  list?: string[];
  stdout?: string;
  /** How many times stdout is printed (output larger than a pipe holds). */
  repeat?: number;
  stderr?: string;
  code?: number;
  /** What the answer of a declared child process is said to depend on (touched by nothing else). */
  answer?: string[];
  /** Something that makes the run not keepable. */
  /** After a replay, print the folder the process is in. */
  cwdAfter?: boolean;
  also?: 'write' | 'spawn' | 'stream' | 'look-in-cache' | 'crash' | 'declared-spawn' | 'declared-unanswered';
}

const [key, planText] = process.argv.slice(2) as [string, string];
const replayed = answerOrRecord(key, []);
if (replayed !== undefined) {
  process.exitCode = replayed;
  if ((JSON.parse(planText) as Plan).cwdAfter) writeOutput(1, `\ncwd ${process.cwd()}`);
} else {
  const plan = JSON.parse(planText) as Plan;
  let seen = '';
  for (const file of plan.read ?? []) seen += readFileSync(file, 'utf8');
  for (const file of plan.missing ?? []) if (existsSync(file)) seen += `${file} exists\n`;
  for (const folder of plan.list ?? []) seen += readdirSync(folder).join(',');
  if (plan.also === 'write') mkdirSync(`${plan.read?.[0] ?? '.'}.made`, { recursive: true });
  if (plan.also === 'spawn') execFileSync('true');
  if (plan.also === 'declared-spawn' || plan.also === 'declared-unanswered') {
    declareReadOnlySpawn('git', () => plan.read ?? []);
    seen += execFileSync('git', ['--version'], { encoding: 'utf8' }).startsWith('git version') ? 'git answered\n' : '';
    if (plan.also === 'declared-spawn') declareAnswerReads(() => plan.answer ?? []);
  }
  if (plan.also === 'stream') process.stdout.write('');
  if (plan.also === 'look-in-cache') seen += existsSync(process.env.STK_MIGRATE_CACHE_DIR!) ? '' : 'no cache yet\n';
  if (plan.also === 'crash') setTimeout(() => {
    throw new Error('crashed');
  });
  writeOutput(1, `${(plan.stdout ?? '').repeat(plan.repeat ?? 1)}${seen}`);
  if (plan.stderr) writeOutput(2, plan.stderr);
  process.exitCode = plan.code ?? 0;
}

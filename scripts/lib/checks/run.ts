import type { Project } from '../discover/types.js';
import type { PlannedCheck } from './plan.js';
import { lastLines, runTool } from './process.js';
import type { CheckReport, CheckResult } from './schema.js';

const tailLines = 12;

/** Checks that run the project's own Python (ruff only reads files). */
const projectCodeChecks = new Set(['checks.py', 'stk verify']);

async function runCheck(check: PlannedCheck, project: Project, timeoutMs: number): Promise<CheckResult> {
  const result: CheckResult = { name: check.name, status: 'skipped', command: null, exitCode: null, seconds: null, detail: null, output: [] };
  if (check.kind !== 'run') return { ...result, status: check.kind === 'skip' ? 'skipped' : 'failed', detail: check.reason };
  const run = await runTool(check.argv, project.root, timeoutMs);
  const ran = { ...result, command: check.argv, exitCode: run.exitCode, seconds: run.seconds };
  if (run.exitCode === 0) return { ...ran, status: 'passed' };
  if (check.unavailable && run.output.includes(check.unavailable.marker)) return { ...ran, status: 'skipped', detail: check.unavailable.reason };
  return { ...ran, status: 'failed', detail: run.failure ?? `exit ${run.exitCode}`, output: lastLines(run.output, tailLines) };
}

/** Runs the checks one after another (each boots the app or reads the same files), each under its own timeout. */
export async function runChecks(project: Project, planned: PlannedCheck[], timeoutMs: number): Promise<CheckReport> {
  const checks: CheckResult[] = [];
  for (const check of planned) checks.push(await runCheck(check, project, timeoutMs));
  const count = (status: CheckResult['status']) => checks.filter((check) => check.status === status).length;
  const projectCode = checks.filter((check) => check.command !== null && projectCodeChecks.has(check.name)).map((check) => check.name);
  const notes =
    projectCode.length > 0
      ? [`${projectCode.join(' and ')} ran the project's own code, which may open the project's database (SQLite in WAL mode updates its -shm file even to read); stk-migrate itself only reads it`]
      : [];
  return { checks, notes, summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') } };
}

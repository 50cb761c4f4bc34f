import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingsReportSchema, type Finding } from '../../scripts/lib/findings/schema.js';
import { hookOutcome } from '../../scripts/lib/hook/run.js';
import type { HookOutcome } from '../../scripts/lib/hook/output.js';
import { postToolUse } from '../../scripts/lib/hook/handlers.js';
import { copyExample, exampleRoot, repoRoot } from '../helpers/example-project.js';
import { alembicRefusals, cpythonRefusals } from '../helpers/oracle.js';
import { isolateParseCache } from '../helpers/temp.js';
import { mutate, randomSource, type Mutant } from './mutate.js';

/**
 * The audit, kept: a few hundred seeded mutants of the example's migrations and models, generated at
 * test time, through `validate --all`, `context` and the hook. CPython and Alembic themselves judge each
 * mutant. STK_MIGRATE_FUZZ_COUNT (default 300) and STK_MIGRATE_FUZZ_SEED (default 9) set the run; a
 * failure names the seed, the mutant and the operators that made it.
 */
const count = Number(process.env.STK_MIGRATE_FUZZ_COUNT ?? 300);
const seed = Number(process.env.STK_MIGRATE_FUZZ_SEED ?? 9);
/** A process or a hook call that takes longer has hung: the bound of "nothing runs longer than its limit". */
const hangMs = 120_000 + count * 400;
const cacheDir = isolateParseCache();

const stackTrace = /\n\s+at .+[(:]\d+/;
const versions = join(exampleRoot, 'alembic', 'versions');
const migrationBases = readdirSync(versions).filter((name) => name.endsWith('.py')).sort();
const modelBases = ['stkapp/user/models.py', 'stkapp/blog/models.py'];

interface Case {
  kind: 'migration' | 'model';
  /** Path in the batch project, relative to its root. */
  file: string;
  /** Where the hook project gets it (a model mutant replaces its base). */
  hookFile: string;
  mutant: Mutant;
  base: string;
  /** CPython's refusal, or null when it compiles. */
  refused: string | null;
  /** Alembic's refusal (migrations), or null when it loads the file. */
  alembic: string | null;
}

function describeCase(item: Case): string {
  const alembic = item.kind === 'model' ? '' : `; Alembic ${item.alembic ?? 'loads it'}`;
  return `seed ${seed}, ${item.file} (${item.base} + ${item.mutant.operators.join(', ')}): CPython ${item.refused ?? 'compiles it'}${alembic}`;
}

/**
 * The mutants: a fixed share of migrations and models, each migration with a unique revision id following
 * the one before (one history, as a project grows, rather than hundreds of heads), so that all fit in one
 * project.
 */
function generate(): Case[] {
  const random = randomSource(seed);
  const cases: Case[] = [];
  let previous = '8ceb393b0b26';
  for (let index = 0; index < count; index++) {
    if (index % 3 === 2) {
      const base = modelBases[Math.floor(random() * modelBases.length)]!;
      cases.push({ kind: 'model', file: `stkapp/fz${index}/models.py`, hookFile: base, base, mutant: mutate(readFileSync(join(exampleRoot, base), 'utf8'), random), refused: null, alembic: null });
      continue;
    }
    const base = migrationBases[Math.floor(random() * migrationBases.length)]!;
    const original = base.slice(0, 12);
    const revision = `f${index.toString(16).padStart(11, '0')}`;
    const source = readFileSync(join(versions, base), 'utf8')
      .replaceAll(original, revision)
      .replace(/^down_revision = .*$/m, `down_revision = "${previous}"`);
    previous = revision;
    const file = `alembic/versions/${revision}_fuzz.py`;
    cases.push({ kind: 'migration', file, hookFile: file, base, mutant: mutate(source, random), refused: null, alembic: null });
  }
  return cases;
}

function cli(cwd: string, args: string[]) {
  return execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd, reject: false, timeout: hangMs, maxBuffer: 1024 * 1024 * 1024, env: { STK_MIGRATE_CACHE_DIR: cacheDir() } });
}

const refusedRules = new Set(['syntax-error', 'too-large']);

describe(`fuzz: ${count} seeded mutants (seed ${seed})`, () => {
  const cases = generate();
  const batch = copyExample();
  afterAll(() => batch.cleanup());

  beforeAll(async () => {
    for (const item of cases) {
      mkdirSync(join(batch.root, item.file, '..'), { recursive: true });
      writeFileSync(join(batch.root, item.file), item.mutant.bytes);
    }
    const refusals = await cpythonRefusals(cases.map((item) => join(batch.root, item.file)));
    cases.forEach((item, index) => (item.refused = refusals[index] ?? null));
    const migrations = cases.filter((item) => item.kind === 'migration');
    const loads = await alembicRefusals(join(batch.root, 'alembic'), migrations.map((item) => join(batch.root, item.file)), batch.root);
    migrations.forEach((item, index) => (item.alembic = loads[index] ?? null));
  }, hangMs);

  it('generates both kinds of mutant, and both files CPython refuses and files it compiles', () => {
    const refused = cases.filter((item) => item.refused).length;
    expect(cases.filter((item) => item.kind === 'model').length).toBeGreaterThan(count / 4);
    expect(refused).toBeGreaterThan(count / 5);
    expect(cases.length - refused).toBeGreaterThan(count / 5);
    // Alembic loads every file CPython compiles here (no mutant runs code at import), and no file CPython refuses
    for (const item of cases.filter((candidate) => candidate.kind === 'migration' && candidate.refused)) expect(item.alembic, describeCase(item)).not.toBeNull();
  });

  let findings: Finding[] = [];

  it('validate --all --format json: ends, exits 0 or 1, prints one JSON document and no stack trace', async () => {
    const result = await cli(batch.root, ['validate', '--all', '--format', 'json', '--no-squawk']);
    expect(result.timedOut, 'validate --all hung').toBe(false);
    expect(result.stderr).not.toMatch(stackTrace);
    expect([0, 1], result.stderr).toContain(result.exitCode);
    findings = FindingsReportSchema.parse(JSON.parse(result.stdout)).findings;
  }, hangMs);

  it('reports every file CPython refuses as an error that says it cannot be loaded or checked', () => {
    const missed = cases
      .filter((item) => item.refused)
      .filter((item) => !findings.some((finding) => finding.file === item.file && finding.severity === 'error' && refusedRules.has(finding.rule)))
      .map(describeCase);
    expect(missed).toEqual([]);
  });

  it('reports no file that Alembic loads as a syntax-error', () => {
    const wrong = cases
      .filter((item) => item.kind === 'migration' && !item.alembic)
      .flatMap((item) => findings.filter((finding) => finding.file === item.file && finding.rule === 'syntax-error').map((finding) => `${describeCase(item)}: ${finding.message}`));
    expect(wrong).toEqual([]);
  });

  it('context, as JSON and as Markdown: ends, exits 0, no stack trace', async () => {
    const json = await cli(batch.root, ['context', '--format', 'json', '--database-url', 'sqlite://']);
    expect(json.timedOut, 'context hung').toBe(false);
    expect([json.exitCode, json.stderr]).toEqual([0, '']);
    const context = JSON.parse(json.stdout) as { problems: Array<{ file: string }> };
    for (const item of cases.filter((candidate) => candidate.kind === 'migration' && candidate.refused)) {
      expect(context.problems.map((problem) => problem.file), describeCase(item)).toContain(item.file);
    }
    const markdown = await cli(batch.root, ['context', '--database-url', 'sqlite://']);
    expect(markdown.timedOut, 'context hung').toBe(false);
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout + markdown.stderr).not.toMatch(stackTrace);
  }, hangMs);

  describe('the hook, on each mutant as Claude would write it', () => {
    const project = copyExample();
    afterAll(() => project.cleanup());
    const outcomes: HookOutcome[] = [];

    function event(file: string): string {
      return JSON.stringify({ session_id: 'fuzz', cwd: project.root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: join(project.root, file) } });
    }

    it('answers every mutant with exit 0 or 2 and no stack trace, blocking every file CPython refuses and none as a syntax-error that Alembic loads', async () => {
      const problems: string[] = [];
      for (const item of cases) {
        const path = join(project.root, item.hookFile);
        const original = item.kind === 'model' ? readFileSync(path) : undefined;
        writeFileSync(path, item.mutant.bytes);
        const started = Date.now();
        const outcome = await hookOutcome(postToolUse, { text: event(item.hookFile), truncated: false });
        const took = Date.now() - started;
        if (original) writeFileSync(path, original);
        else rmSync(path);
        outcomes.push(outcome);
        const output = `${outcome.stdout ?? ''}${outcome.stderr ?? ''}`;
        if (![0, 2].includes(outcome.code)) problems.push(`${describeCase(item)}: exit ${outcome.code}`);
        if (stackTrace.test(output)) problems.push(`${describeCase(item)}: a stack trace`);
        if (took > hangMs) problems.push(`${describeCase(item)}: took ${took} ms`);
        // blocked for saying the file cannot be loaded or checked, not for anything else it holds
        if (item.refused && (outcome.code !== 2 || !/ error (syntax-error|too-large) /.test(outcome.stderr ?? ''))) problems.push(`${describeCase(item)}: not blocked as refused (${output.slice(0, 200)})`);
        if (item.kind === 'migration' && !item.alembic && /error syntax-error/.test(outcome.stderr ?? '')) problems.push(`${describeCase(item)}: syntax-error on a file Alembic loads`);
      }
      expect(problems).toEqual([]);
    }, hangMs);

    it('gives the same answer as a process (node dist/hook.cjs) on a sample', async () => {
      const sample = cases.filter((_, index) => index % Math.max(1, Math.floor(cases.length / 12)) === 0);
      for (const item of sample) {
        const path = join(project.root, item.hookFile);
        const original = item.kind === 'model' ? readFileSync(path) : undefined;
        writeFileSync(path, item.mutant.bytes);
        const result = await execa('node', [join(repoRoot, 'dist', 'hook.cjs')], { cwd: project.root, input: event(item.hookFile), reject: false, timeout: hangMs, env: { STK_MIGRATE_CACHE_DIR: cacheDir() } });
        if (original) writeFileSync(path, original);
        else rmSync(path);
        const inProcess = outcomes[cases.indexOf(item)]!;
        expect([result.exitCode, result.stderr.includes('error syntax-error')], describeCase(item)).toEqual([inProcess.code, (inProcess.stderr ?? '').includes('error syntax-error')]);
        expect(result.stderr, describeCase(item)).not.toMatch(stackTrace);
      }
    }, hangMs);
  });
});

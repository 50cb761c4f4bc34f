import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureProject, projectsDir, repoRoot, type GeneratedProject } from './generate.js';
import { measureTogether, output, type Case, type Command, type Stats } from './measure.js';
import { profile, type ProfileSummary } from './profile.js';
import { renderReport, updateReadme, type Results } from './report.js';

/**
 * `npm run bench [-- --write-readme] [-- --quick]`: our commands side by side with what a user would
 * otherwise run, on generated projects and a copy of the example, in one run on one machine.
 */

const argv = process.argv.slice(2);
const args = new Set(argv);
const quick = args.has('--quick');
if (quick && args.has('--write-readme')) throw new Error('--quick runs too few repetitions for the README; run without it');
/** `--only lint`: one group of rows, printed and not written anywhere (the README and results.json hold whole runs). */
const only = args.has('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
if (only !== undefined && only !== 'lint') throw new Error(`--only takes one group: lint (not ${only ?? 'nothing'})`);
if (only && args.has('--write-readme')) throw new Error('--only runs one group; the README shows whole runs');

const python = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const scratch = mkdtempSync(join(tmpdir(), 'stk-migrate-bench-'));

// One run measures one version of the code: dist/ and scripts/ are copied first, since others may rebuild
// them meanwhile. The copy stays inside the repository so that scripts/ still finds node_modules.
const snapshot = join(projectsDir, `.code-${process.pid}`);
cpSync(join(repoRoot, 'dist'), join(snapshot, 'dist'), { recursive: true });
cpSync(join(repoRoot, 'scripts'), join(snapshot, 'scripts'), { recursive: true });
const cli = join(snapshot, 'dist', 'cli.cjs');
const hookBundle = join(snapshot, 'dist', 'hook.cjs');
const hookSource = join(snapshot, 'scripts', 'hook.ts');
const cacheRoot = join(scratch, 'cache');

// Debian's default PATH (plus this node's folder): `python3` is then the interpreter with Alembic for
// every row, ours and theirs alike, as on a machine without pyenv or uv.
const PATH = [dirname(process.execPath), dirname(python), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].filter((dir, i, all) => all.indexOf(dir) === i).join(':');
const baseEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('STK_MIGRATE_') && key !== 'XDG_CACHE_HOME' && key !== 'SQLALCHEMY_DATABASE_URI' && key !== 'QUART_APP' && key !== 'NODE_OPTIONS'),
);
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...baseEnv, PATH, ...extra });

const log = (message: string) => process.stderr.write(`${message}\n`);
const cleanup = () => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(snapshot, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanup();
    process.exit(130);
  });
}

/** Repetitions: [warm-ups, timed runs], fewer for the slow rows of the largest projects. */
function reps(kind: 'fast' | 'medium' | 'slow', migrations: number): [number, number] {
  if (quick) return [1, 3];
  const [warmups, runs] = ({ fast: [3, 20], medium: [2, 10], slow: [1, 6] } as const)[kind];
  return [warmups, migrations >= 5000 ? Math.max(3, Math.round(runs / 2)) : runs];
}

/**
 * Other work on the machine skews every row: ratios survive it (rows are interleaved), absolute medians
 * do not. Before each group, wait (at most two minutes over the whole run) until other processes keep
 * less than half a core busy: the runnable count of /proc/loadavg, sampled for a second while the bench
 * itself sleeps. What each group started with is recorded.
 */
let waitBudgetMs = 120_000;
const groupLoad: Record<string, number> = {};
async function othersBusy(): Promise<number> {
  let total = 0;
  for (let i = 0; i < 10; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    // "0.52 0.58 0.59 2/345 12345": the running count includes this process, which is reading the file.
    total += Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0] ?? 1) - 1;
  }
  return total / 10;
}

async function waitForQuiet(group: string): Promise<void> {
  let busy = await othersBusy();
  if (!quick && busy >= 0.5 && waitBudgetMs > 0) log(`${group}: other processes keep ${busy.toFixed(1)} cores busy; waiting (up to ${Math.round(waitBudgetMs / 1000)} s in all)`);
  while (!quick && busy >= 0.5 && waitBudgetMs > 0) {
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    busy = await othersBusy();
    waitBudgetMs -= Date.now() - started;
  }
  groupLoad[group] = Math.round(busy * 10) / 10;
}

function commandsOfCli(): Set<string> {
  const help = execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  return new Set([...help.matchAll(/^ {2}(\w+) /gm)].map((match) => match[1]!));
}

interface CaseInfo {
  label: string;
  /** What runs, as a user would type it. */
  shown: string;
}

const caseInfo = new Map<string, CaseInfo>();
const stats = new Map<string, Stats>();
const skipped: string[] = [];
const profiles: Record<string, ProfileSummary> = {};

function define(test: Case, info: CaseInfo): Case {
  caseInfo.set(test.id, info);
  return test;
}

const bash = (line: string, cwd: string, extra?: Partial<Command>): Command => ({ argv: ['bash', '-c', line], cwd, env: env(), ...extra });

/** The seed's three context lines, exactly as it writes them, with its `uv run` replaced by the interpreter that has Alembic. */
function seedLines(project: GeneratedProject): { current: string; ls: string; grep: string } {
  return {
    current: `cd '${project.root}' && python3 -m quart db current 2>&1 | tail -5`,
    ls: 'ls -1t alembic/versions/*.py 2>/dev/null | head -10',
    grep: `grep -rn "__tablename__" ${project.appPackage}/*/models.py 2>/dev/null`,
  };
}

const alembicHeads = "from alembic.config import Config\nfrom alembic.script import ScriptDirectory\nprint(' '.join(ScriptDirectory.from_config(Config('alembic.ini')).get_heads()))";

async function benchProject(project: GeneratedProject, available: Set<string>): Promise<Record<string, unknown>> {
  const n = project.size.migrations;
  const id = (kind: string) => `${project.name}/${kind}`;
  const cacheDir = join(cacheRoot, project.name);
  const ours = (argv: string[], extra: NodeJS.ProcessEnv = {}): Command => ({ argv: [process.execPath, cli, ...argv], cwd: project.root, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir, ...extra }) });
  const seed = seedLines(project);
  const contextLabel = 'node dist/cli.cjs context';

  // Correctness beside the timings: our heads and current revision against Alembic's and the seed's.
  const context = JSON.parse(await output(ours(['context', '--format', 'json']))) as { heads: string[]; current: string | null; migrations: unknown[]; tables: unknown[] };
  const theirHeads = (await output({ argv: [python, '-c', alembicHeads], cwd: project.root, env: env() })).trim().split(/\s+/);
  const seedCurrent = await output(bash(seed.current, project.root));
  const checks = {
    headsAgree: JSON.stringify([...context.heads].sort()) === JSON.stringify([...theirHeads].sort()),
    ourHeads: context.heads,
    alembicHeads: theirHeads,
    currentIsHead: context.current === project.head,
    seedCurrentShowsHead: seedCurrent.includes(project.head),
    migrationsSeen: context.migrations.length,
    tablesSeen: context.tables.length,
  };
  if (!checks.headsAgree || !checks.currentIsHead || !checks.seedCurrentShowsHead || checks.migrationsSeen !== n) {
    throw new Error(`${project.name}: the commands disagree before any timing: ${JSON.stringify(checks)}`);
  }

  const cases: Case[] = [
    define({ id: id('context-warm'), commands: [ours(['context'])], ...pair(reps('fast', n)) }, { label: 'context, warm cache, current revision from SQLite', shown: contextLabel }),
    define({ id: id('context-cold'), commands: [ours(['context'], { STK_MIGRATE_NO_CACHE: '1' })], ...pair(reps(n >= 5000 ? 'slow' : 'medium', n)) }, { label: 'context, cold (STK_MIGRATE_NO_CACHE=1), current revision from SQLite', shown: `STK_MIGRATE_NO_CACHE=1 ${contextLabel}` }),
    define({ id: id('context-static'), commands: [ours(['context', '--database-url', 'sqlite://'])], ...pair(reps('fast', n)) }, { label: 'context, warm cache, no current-revision read', shown: `${contextLabel} --database-url sqlite://` }),
    define({ id: id('seed-3'), commands: [bash(seed.current, project.root), bash(seed.ls, project.root), bash(seed.grep, project.root)], ...pair(reps('slow', n)) }, { label: "the seed's three lines", shown: [seed.current.replace(project.root, '<project>'), seed.ls, seed.grep].join(' ; ') }),
    define({ id: id('seed-2'), commands: [bash(seed.ls, project.root), bash(seed.grep, project.root)], ...pair(reps('fast', n)) }, { label: "the seed's ls and grep lines", shown: [seed.ls, seed.grep].join(' ; ') }),
    define({ id: id('alembic-heads'), commands: [{ argv: [python, '-c', alembicHeads], cwd: project.root, env: env() }], ...pair(reps('medium', n)) }, { label: "Alembic's ScriptDirectory.get_heads() (whole python3 process)", shown: 'python3 -c "ScriptDirectory.from_config(Config(\'alembic.ini\')).get_heads()"' }),
  ];

  const event = JSON.stringify({ session_id: 'bench', cwd: project.root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: project.headFile }, tool_response: {} });
  if (existsSync(hookBundle)) {
    cases.push(define({ id: id('hook-dist'), commands: [{ argv: [process.execPath, hookBundle], cwd: project.root, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir }), input: event, okCodes: [0, 2] }], ...pair(reps('fast', n)) }, { label: 'hook on the head migration, bundled', shown: 'node dist/hook.cjs < PostToolUse event' }));
  } else if (project.name === 'm1000-t200') skipped.push('hook (node dist/hook.cjs): not built yet');
  if (available.has('validate')) {
    const relativeHead = project.headFile.slice(project.root.length + 1);
    cases.push(define({ id: id('validate-one'), commands: [{ ...ours(['validate', relativeHead]), okCodes: [0, 1] }], ...pair(reps('fast', n)) }, { label: 'validate of one file (the head migration), warm cache', shown: 'node dist/cli.cjs validate <head migration>' }));
  }
  // The slow rows (tsx, validate --all) run on the 200-model series only, to keep the bench within minutes.
  const fullSeries = project.size.models === 200;
  if (existsSync(hookSource) && fullSeries) {
    // npx finds tsx from the repository; the event still names the project, as Claude Code's would.
    cases.push(define({ id: id('hook-tsx'), commands: [{ argv: ['npx', 'tsx', hookSource], cwd: repoRoot, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir }), input: event, okCodes: [0, 2] }], ...pair(reps('slow', n)) }, { label: 'hook on the head migration, through tsx', shown: 'npx tsx scripts/hook.ts < PostToolUse event' }));
  } else if (project.name === 'm1000-t200') skipped.push('hook (npx tsx scripts/hook.ts): not written yet');
  if (available.has('validate') && fullSeries) {
    // At 5000 migrations one run takes half a minute: one warm-up and two runs keep the bench in minutes.
    // the work itself, which a kept run would otherwise answer from the second run on
    cases.push(define({ id: id('validate-all'), commands: [{ ...ours(['validate', '--all', '--format', 'json'], { STK_MIGRATE_NO_KEPT_RUNS: '1' }), okCodes: [0, 1] }], ...pair(n >= 5000 && !quick ? [1, 2] : reps('slow', n)) }, { label: 'validate --all', shown: 'STK_MIGRATE_NO_KEPT_RUNS=1 node dist/cli.cjs validate --all' }));
  } else if (project.name === 'm1000-t200') skipped.push('validate --all: the validate command is not built yet');

  if (project.name === 'm1000-t200') {
    // what the hot paths cost when no kept run answers: the program itself, from its own caches
    const program = { STK_MIGRATE_NO_KEPT_RUNS: '1' };
    cases.push(
      define({ id: id('context-program'), commands: [ours(['context'], program)], ...pair(reps('fast', n)) }, { label: 'context, warm cache, no kept run', shown: `STK_MIGRATE_NO_KEPT_RUNS=1 ${contextLabel}` }),
      define({ id: id('hook-program'), commands: [{ argv: [process.execPath, hookBundle], cwd: project.root, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir, ...program }), input: event, okCodes: [0, 2] }], ...pair(reps('fast', n)) }, { label: 'hook on the head migration, no kept run', shown: 'STK_MIGRATE_NO_KEPT_RUNS=1 node dist/hook.cjs < PostToolUse event' }),
      define({ id: id('validate-one-program'), commands: [{ ...ours(['validate', project.headFile.slice(project.root.length + 1)], program), okCodes: [0, 1] }], ...pair(reps('fast', n)) }, { label: 'validate of one file, no kept run', shown: 'STK_MIGRATE_NO_KEPT_RUNS=1 node dist/cli.cjs validate <head migration>' }),
    );
    cases.push(...floorCases(project.headFile));
    if (existsSync(hookBundle)) cases.push(editedHookCase(project));
  }
  await waitForQuiet(project.name);
  log(`${project.name}: ${cases.length} cases (others busy: ${groupLoad[project.name]} cores)`);
  const measured = await measureTogether(cases, log);
  for (const [key, value] of measured) stats.set(key, value);
  if (project.name === 'm1000-t200' && !quick) {
    profiles['context-warm@m1000-t200'] = await profile(ours(['context']));
    if (existsSync(hookBundle)) profiles['hook-dist@m1000-t200'] = await profile({ argv: [process.execPath, hookBundle], cwd: project.root, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir }), input: event, okCodes: [0, 2] });
  }
  return { name: project.name, migrations: n, models: project.size.models, tables: context.tables.length, head: project.head, checks };
}

function pair([warmups, runs]: [number, number]): { warmups: number; runs: number } {
  return { warmups, runs };
}

const exampleSource = join(repoRoot, 'examples', 'stk-app');

/** A copy of the example without its database or bytecode. */
function copyExample(to: string): string {
  cpSync(exampleSource, to, { recursive: true, filter: (path) => !/[\\/](instance|__pycache__)([\\/]|$)/.test(path.slice(exampleSource.length)) });
  return to;
}

async function benchRoundtrip(): Promise<Record<string, unknown> | undefined> {
  const template = copyExample(join(scratch, 'example-template'));
  const context = JSON.parse(await output({ argv: [process.execPath, cli, 'context', '--format', 'json'], cwd: template, env: env({ STK_MIGRATE_NO_CACHE: '1' }) })) as { heads: string[]; migrations: { revision: string; downRevision: string | string[] | null }[] };
  const head = context.heads[0]!;
  const parent = context.migrations.find((migration) => migration.revision === head)?.downRevision;
  if (typeof parent !== 'string') throw new Error(`examples/stk-app: the head ${head} has no single parent`);
  // The developer's database at the head's parent, as the seed's dance expects it; restored before every run.
  await output(bash(`python3 -m quart db upgrade ${parent}`, template));
  const atParent = join(scratch, 'at-parent.db');
  copyFileSync(join(template, 'instance', 'stk.db'), atParent);
  const restore = (project: string) => () => {
    mkdirSync(join(project, 'instance'), { recursive: true });
    copyFileSync(atParent, join(project, 'instance', 'stk.db'));
  };
  const oursCopy = copyExample(join(scratch, 'example-roundtrip'));
  const seedCopy = copyExample(join(scratch, 'example-seed'));
  const cases: Case[] = [];
  const [warmups, runs] = reps('slow', 0);
  if (commandsAvailable.has('roundtrip')) {
    cases.push(define({ id: 'example/roundtrip', commands: [{ argv: [process.execPath, cli, 'roundtrip'], cwd: oursCopy, env: env({ STK_MIGRATE_CACHE_DIR: join(cacheRoot, 'example') }) }], warmups, runs, before: restore(oursCopy) }, { label: 'roundtrip of the head (throwaway database, schema and data compared)', shown: 'node dist/cli.cjs roundtrip' }));
  } else skipped.push('roundtrip: the roundtrip command is not built yet');
  cases.push(
    define(
      { id: 'example/seed-dance', commands: ['upgrade', 'downgrade -1', 'upgrade'].map((step) => bash(`python3 -m quart db ${step}`, seedCopy)), warmups, runs, before: restore(seedCopy) },
      { label: "the seed's upgrade, downgrade -1, upgrade on the developer's database", shown: 'python3 -m quart db upgrade ; python3 -m quart db downgrade -1 ; python3 -m quart db upgrade' },
    ),
  );
  await waitForQuiet('examples/stk-app');
  log(`examples/stk-app: ${cases.length} cases (others busy: ${groupLoad['examples/stk-app']} cores)`);
  for (const [key, value] of await measureTogether(cases, log)) stats.set(key, value);
  return { head, parent };
}

/** Process start alone, measured among the rows of the target project so that it shares their conditions. */
/**
 * A node process that does what any check of a just-written Python file must: start web-tree-sitter (as
 * the bundles do, on V8's baseline compiler), load the Python grammar and parse the file once. No check
 * of an edited file can start faster than this, whatever it caches.
 */
function parseFloorScript(file: string): string {
  const grammar = join(snapshot, 'dist', 'tree-sitter-python.wasm');
  const runtime = join(snapshot, 'dist', 'tree-sitter.wasm');
  return [
    `require('node:v8').setFlagsFromString('--liftoff-only');`,
    `const { Parser, Language } = require(${JSON.stringify(join(repoRoot, 'node_modules', 'web-tree-sitter', 'tree-sitter.cjs'))});`,
    `(async () => {`,
    `  await Parser.init({ locateFile: () => ${JSON.stringify(runtime)} });`,
    `  const parser = new Parser().setLanguage(await Language.load(${JSON.stringify(grammar)}));`,
    `  if (!parser.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8')).rootNode) process.exit(1);`,
    `})();`,
  ].join('\n');
}

function floorCases(parsed: string): Case[] {
  const [warmups, runs] = reps('fast', 0);
  return [
    define({ id: 'floor/node', commands: [{ argv: [process.execPath, '-e', '0'], cwd: scratch, env: env() }], warmups, runs }, { label: 'node -e 0 (process start floor)', shown: 'node -e 0' }),
    define({ id: 'floor/python', commands: [{ argv: [python, '-c', 'pass'], cwd: scratch, env: env() }], warmups, runs }, { label: 'python3 -c pass (process start floor)', shown: 'python3 -c pass' }),
    define({ id: 'floor/parse', commands: [{ argv: [process.execPath, '-e', parseFloorScript(parsed)], cwd: scratch, env: env() }], warmups, runs }, { label: 'node: start web-tree-sitter, load the Python grammar, parse the head migration (the floor of any check of an edited file)', shown: 'node -e "<web-tree-sitter init, Language.load, parse>"' }),
  ];
}

/**
 * The hook as Claude Code runs it after an edit: on a copy of the project (so that the other rows keep their
 * unchanged files), the head migration gets a new comment line before every run, so each run meets bytes it
 * has never seen: the file is parsed and its facts taken, the rest comes from the caches.
 */
function editedHookCase(project: GeneratedProject): Case {
  const copy = join(scratch, `${project.name}-edited`);
  cpSync(project.root, copy, { recursive: true });
  const head = join(copy, project.headFile.slice(project.root.length + 1));
  const original = readFileSync(head, 'utf8');
  let edits = 0;
  const event = JSON.stringify({ session_id: 'bench', cwd: copy, hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: head }, tool_response: {} });
  const [warmups, runs] = reps('fast', project.size.migrations);
  return define(
    {
      id: `${project.name}/hook-edited`,
      commands: [{ argv: [process.execPath, hookBundle], cwd: copy, env: env({ STK_MIGRATE_CACHE_DIR: join(cacheRoot, `${project.name}-edited`) }), input: event, okCodes: [0, 2] }],
      warmups,
      runs,
      before: () => writeFileSync(head, `${original}\n# edit ${(edits += 1)}\n`),
    },
    { label: 'hook on the head migration just edited (new bytes every run)', shown: 'node dist/hook.cjs < PostToolUse event, after an edit of the head' },
  );
}

function distHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(join(snapshot, 'dist'), { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(snapshot, 'dist', file);
    if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 12);
}

function version(argv: string[]): string {
  try {
    return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: env(), stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return 'unavailable';
  }
}

function machine(): Results['machine'] {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    python: version([python, '-c', 'import sys; print(sys.version.split()[0])']),
    alembic: version([python, '-c', 'import alembic; print(alembic.__version__)']),
    sqlalchemy: version([python, '-c', 'import sqlalchemy; print(sqlalchemy.__version__)']),
    git: version(['git', '--version']).replace('git version ', ''),
    loadAverageBefore: loadavg().map((value) => Math.round(value * 100) / 100),
    loadAverageAfter: [],
  };
}

const shopFixture = join(repoRoot, 'test', 'fixtures', 'dev', 'shop');

/**
 * stk-dev's lint of one file, process start to exit, on a copy of the stk-shaped fixture (a view, a page
 * template, and the hook on the view), beside `node -e 0` measured in the same group for the ratio.
 */
async function benchLint(): Promise<Record<string, unknown> | undefined> {
  if (!commandsAvailable.has('lint')) {
    skipped.push('lint: the lint command is not built yet');
    return undefined;
  }
  const root = join(scratch, 'shop');
  cpSync(shopFixture, root, { recursive: true });
  const cacheDir = join(cacheRoot, 'shop');
  const ours = (extra: string[]): Command => ({ argv: [process.execPath, cli, 'lint', ...extra], cwd: root, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir }), okCodes: [0, 1] });
  const view = 'shop/things/views.py';
  const template = 'shop/templates/cms/things.html';
  // Correctness before any timing: the fixture is written the stk way, so both files lint clean.
  const findings = JSON.parse(await output(ours(['--all', '--format', 'json']))) as { findings: unknown[] };
  if (findings.findings.length > 0) throw new Error(`lint --all finds ${findings.findings.length} findings in the stk-shaped fixture; it should find none`);
  const event = JSON.stringify({ session_id: 'bench', cwd: root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: join(root, view) }, tool_response: {} });
  const [warmups, runs] = reps('fast', 0);
  // the edited view lives in a copy of its own: every module of the app is an input of every lint (the
  // project's symbols), so edits beside the unchanged view would make its rows measure an edit too
  const editedRoot = join(scratch, 'shop-edited');
  cpSync(shopFixture, editedRoot, { recursive: true });
  const edited = 'shop/things/views_edited.py';
  const viewSource = readFileSync(join(root, view), 'utf8');
  let edits = 0;
  const cases: Case[] = [
    define({ id: 'lint/node', commands: [{ argv: [process.execPath, '-e', '0'], cwd: root, env: env() }], warmups, runs }, { label: 'node -e 0 (process start floor)', shown: 'node -e 0' }),
    define({ id: 'lint/view', commands: [ours([view])], warmups, runs }, { label: 'lint of one view (Python)', shown: `node dist/cli.cjs lint ${view}` }),
    define({ id: 'lint/template', commands: [ours([template])], warmups, runs }, { label: 'lint of one page template (HTML, Jinja, JavaScript)', shown: `node dist/cli.cjs lint ${template}` }),
    define({ id: 'lint/hook-view', commands: [{ argv: [process.execPath, hookBundle], cwd: root, env: env({ STK_MIGRATE_CACHE_DIR: cacheDir }), input: event, okCodes: [0, 2] }], warmups, runs }, { label: 'the hook on the view', shown: 'node dist/hook.cjs < PostToolUse event (Write of the view)' }),
    // a second view, given new bytes before every run: what lint costs right after an edit (the others stay unchanged)
    define({ id: 'lint/view-edited', commands: [{ ...ours([edited]), cwd: editedRoot, env: env({ STK_MIGRATE_CACHE_DIR: `${cacheDir}-edited` }) }], warmups, runs, before: () => writeFileSync(join(editedRoot, edited), `${viewSource}\n# edit ${(edits += 1)}\n`) }, { label: 'lint of one view just edited (new bytes every run, in a copy of its own)', shown: `node dist/cli.cjs lint ${edited}` }),
  ];
  await waitForQuiet('lint');
  log(`lint: ${cases.length} cases (others busy: ${groupLoad.lint} cores)`);
  for (const [key, value] of await measureTogether(cases, log)) stats.set(key, value);
  if (!quick) profiles['lint-view@shop'] = await profile(ours([view]));
  return { files: [view, template] };
}

const sizes = [100, 1000, 5000].flatMap((migrations) => [50, 200].map((models) => ({ migrations, models })));
const commandsAvailable = commandsOfCli();

try {
  const started = Date.now();
  const machineInfo = machine();
  log(`generating projects under bench/projects/ (only those missing or made by another generator version)`);
  const projects = only ? [] : sizes.map((size) => ensureProject(size, python));
  const projectResults = [];
  for (const project of projects) projectResults.push(await benchProject(project, commandsAvailable));
  const example = only ? undefined : await benchRoundtrip();
  const lint = await benchLint();
  machineInfo.loadAverageAfter = loadavg().map((value) => Math.round(value * 100) / 100);
  const head = version(['git', '-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  const dirty = version(['git', '-C', repoRoot, 'status', '--porcelain', '--', 'dist', 'scripts']);
  const results: Results = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machineInfo,
    code: { commit: head, distOrScriptsChanged: dirty !== '' && dirty !== 'unavailable', distHash: distHash() },
    settings: { python, path: PATH, commands: [...commandsAvailable] },
    projects: projectResults,
    example,
    lint,
    cases: Object.fromEntries([...stats].map(([key, value]) => [key, { ...caseInfo.get(key)!, ...value }])),
    profiles,
    skipped,
    othersBusyAtGroupStart: groupLoad,
  };
  const report = renderReport(results);
  if (!only) writeFileSync(join(repoRoot, 'bench', 'results.json'), `${JSON.stringify({ ...results, summary: report.summary }, null, 2)}\n`);
  process.stdout.write(`${report.markdown}\n`);
  if (args.has('--write-readme')) {
    const readme = join(repoRoot, 'README.md');
    writeFileSync(readme, updateReadme(readFileSync(readme, 'utf8'), report.markdown));
    log('README.md: the Benchmark section now shows this run');
  }
  log(`done in ${results.durationSeconds} s${only ? '' : '; bench/results.json written'}`);
} finally {
  cleanup();
}

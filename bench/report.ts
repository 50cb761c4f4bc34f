import type { Stats } from './measure.js';
import type { ProfileSummary } from './profile.js';

export interface CaseResult extends Stats {
  label: string;
  shown: string;
}

export interface Results {
  date: string;
  mode: 'quick' | 'full';
  durationSeconds: number;
  machine: {
    cpu: string;
    cores: number;
    memoryGb: number;
    kernel: string;
    node: string;
    python: string;
    alembic: string;
    sqlalchemy: string;
    git: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  code: { commit: string; distOrScriptsChanged: boolean; distHash: string };
  settings: { python: string; path: string; commands: string[] };
  projects: Record<string, unknown>[];
  example: Record<string, unknown> | undefined;
  lint?: Record<string, unknown> | undefined;
  cases: Record<string, CaseResult>;
  profiles: Record<string, ProfileSummary>;
  skipped: string[];
  /** Cores kept busy by other processes when each group of rows started (see waitForQuiet in run.ts). */
  othersBusyAtGroupStart: Record<string, number>;
}

interface Comparison {
  section: string;
  project: string;
  ours: string;
  theirs: string | undefined;
  ratio: number | null;
}

interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

interface Growth {
  series: string;
  models: number;
  at100Ms: number;
  at1000Ms: number;
  at5000Ms: number;
  ratio5000To100: number;
  slope100To1000MsPerMigration: number;
  slope1000To5000MsPerMigration: number;
  linear: boolean;
}

export interface Summary {
  comparisons: Comparison[];
  validatePerMigrationMs: Record<string, number>;
  growth: Growth[];
  targets: Target[];
}

const projectNames = [100, 1000, 5000].flatMap((migrations) => [50, 200].map((models) => `m${migrations}-t${models}`));
const describe = (project: string) => project.replace(/^m(\d+)-t(\d+)$/, '$1 migrations, $2 models');

function time(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

const cell = (stats: Stats) => `${time(stats.medianMs)} (${time(stats.minMs)}–${time(stats.maxMs)}, n=${stats.runs})`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const ratioText = (ratio: number | null) => (ratio === null ? '–' : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toFixed(3));
const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**missed**');

/**
 * Cost growth between sizes. Superlinear means the marginal cost per migration rises: flagged when the
 * slope from 1000 to 5000 exceeds 1.25 times the slope from 100 to 1000 even after each median is moved
 * by its interquartile range in the forgiving direction, so that noise alone never decides.
 */
function growthOf(series: string, label: string, cases: Record<string, CaseResult>, models: number): Growth | undefined {
  const at = (migrations: number) => cases[`m${migrations}-t${models}/${series}`];
  const [a, b, c] = [at(100), at(1000), at(5000)];
  if (a === undefined || b === undefined || c === undefined) return undefined;
  const spread = (stats: Stats) => stats.q3Ms - stats.q1Ms;
  const low = (b.medianMs - a.medianMs) / 900;
  const high = (c.medianMs - b.medianMs) / 4000;
  const lowMost = (b.medianMs - a.medianMs + spread(a) + spread(b)) / 900;
  const highLeast = (c.medianMs - b.medianMs - spread(b) - spread(c)) / 4000;
  const round = (value: number) => Math.round(value * 10000) / 10000;
  return {
    series: label,
    models,
    at100Ms: a.medianMs,
    at1000Ms: b.medianMs,
    at5000Ms: c.medianMs,
    ratio5000To100: Math.round((c.medianMs / a.medianMs) * 100) / 100,
    slope100To1000MsPerMigration: round(low),
    slope1000To5000MsPerMigration: round(high),
    linear: highLeast <= Math.max(lowMost, 0) * 1.25,
  };
}

export function renderReport(results: Results): { markdown: string; summary: Summary } {
  const { cases } = results;
  const comparisons: Comparison[] = [];
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB (Linux ${m.kernel}); Node ${m.node}, Python ${m.python}, Alembic ${m.alembic}, SQLAlchemy ${m.sqlalchemy}, git ${m.git}; load average (1, 5, 15 min) ${m.loadAverageBefore.join(' / ')} before, ${m.loadAverageAfter.join(' / ')} after, other processes keeping ${Object.values(results.othersBusyAtGroupStart).join(', ')} cores busy as each group of rows began; code at ${results.code.commit}${results.code.distOrScriptsChanged ? ' with uncommitted changes in dist/ or scripts/' : ''} (dist ${results.code.distHash}); whole bench ${results.durationSeconds} s${results.mode === 'quick' ? ' (**--quick**: too few runs to quote)' : ''}.`,
    '',
    'Each cell: median (min–max, number of timed runs), process start to exit. Ratio: ours / theirs (below 1: ours is faster). Peak RSS: the largest single process.',
    '',
  );

  const section = (title: string, ours: string, theirs: string | undefined, projects: string[]) => {
    const present = projects.filter((project) => cases[`${project}/${ours}`]);
    if (present.length === 0) return;
    const first = cases[`${present[0]}/${ours}`]!;
    const other = theirs ? present.map((project) => cases[`${project}/${theirs}`]).find((stats) => stats !== undefined) : undefined;
    lines.push(`**${title}**: \`${first.shown}\`${other ? ` vs \`${other.shown}\`` : ''}`, '');
    lines.push(other ? '| project | ours | theirs | ours / theirs | peak RSS ours / theirs |' : '| project | ours | peak RSS |');
    lines.push(other ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- |');
    for (const project of present) {
      const a = cases[`${project}/${ours}`]!;
      const b = theirs ? cases[`${project}/${theirs}`] : undefined;
      const ratio = b ? Math.round((a.medianMs / b.medianMs) * 1000) / 1000 : null;
      comparisons.push({ section: title, project, ours: `${project}/${ours}`, theirs: b ? `${project}/${theirs}` : undefined, ratio });
      if (!other) lines.push(`| ${describe(project)} | ${cell(a)} | ${mb(a.peakRssKb)} |`);
      else lines.push(`| ${describe(project)} | ${cell(a)} | ${b ? cell(b) : '–'} | ${ratioText(ratio)} | ${mb(a.peakRssKb)} / ${b ? mb(b.peakRssKb) : '–'} |`);
    }
    lines.push('');
  };

  section('context (warm cache, current revision read from SQLite) vs the seed\'s three lines', 'context-warm', 'seed-3', projectNames);
  section('context (cold: no cache, current revision read from SQLite) vs the seed\'s three lines', 'context-cold', 'seed-3', projectNames);
  section('context without the current-revision read (warm cache) vs the seed\'s ls and grep lines', 'context-static', 'seed-2', projectNames);
  section('context (warm cache) vs Alembic\'s own heads', 'context-warm', 'alembic-heads', projectNames);
  section('context (cold) vs Alembic\'s own heads', 'context-cold', 'alembic-heads', projectNames);
  section('the hook on the head migration, bundled vs tsx (tsx on the 200-model projects only)', 'hook-dist', 'hook-tsx', projectNames);
  section('the hook on the head migration just edited (new bytes every run; 1000 migrations, 200 models only)', 'hook-edited', undefined, ['m1000-t200']);
  section('validate of one file (the head migration, warm cache)', 'validate-one', undefined, projectNames);
  section('without kept runs (the program itself, warm caches; 1000 migrations, 200 models only): context', 'context-program', undefined, ['m1000-t200']);
  section('without kept runs: the hook on the head migration', 'hook-program', undefined, ['m1000-t200']);
  section('without kept runs: validate of the head migration', 'validate-one-program', undefined, ['m1000-t200']);

  const validatePerMigrationMs: Record<string, number> = {};
  const validated = projectNames.filter((project) => cases[`${project}/validate-all`]);
  if (validated.length > 0) {
    lines.push('**validate --all**: `node dist/cli.cjs validate --all`', '', '| project | total | per migration | peak RSS |', '| --- | --- | --- | --- |');
    for (const project of validated) {
      const stats = cases[`${project}/validate-all`]!;
      const migrations = Number(/^m(\d+)/.exec(project)![1]);
      validatePerMigrationMs[project] = Math.round((stats.medianMs / migrations) * 1000) / 1000;
      lines.push(`| ${describe(project)} | ${cell(stats)} | ${validatePerMigrationMs[project]!.toFixed(3)} ms | ${mb(stats.peakRssKb)} |`);
    }
    lines.push('');
  }

  const trip = cases['example/roundtrip'];
  const dance = cases['example/seed-dance'];
  if (dance) {
    lines.push(`**roundtrip of the head on a copy of examples/stk-app**: \`${trip?.shown ?? 'node dist/cli.cjs roundtrip (not built yet)'}\` vs \`${dance.shown}\` (database restored to the head's parent before each run)`, '');
    lines.push('| ours | theirs | ours / theirs | peak RSS ours / theirs |', '| --- | --- | --- | --- |');
    const ratio = trip ? Math.round((trip.medianMs / dance.medianMs) * 1000) / 1000 : null;
    comparisons.push({ section: 'roundtrip', project: 'examples/stk-app', ours: 'example/roundtrip', theirs: 'example/seed-dance', ratio });
    lines.push(`| ${trip ? cell(trip) : 'not built yet'} | ${cell(dance)} | ${ratioText(ratio)} | ${trip ? mb(trip.peakRssKb) : '–'} / ${mb(dance.peakRssKb)} |`, '');
  }

  const floor = cases['lint/node'];
  const linted = (['lint/view', 'lint/template', 'lint/hook-view', 'lint/view-edited'] as const).filter((key) => cases[key]);
  if (floor && linted.length > 0) {
    lines.push('**stk-dev lint of one file** on a copy of `test/fixtures/dev/shop` (warm parse cache), beside `node -e 0` measured in the same rows', '');
    lines.push('| what | command | time | / node -e 0 | peak RSS |', '| --- | --- | --- | --- | --- |');
    lines.push(`| process start floor | \`${floor.shown}\` | ${cell(floor)} | 1 | ${mb(floor.peakRssKb)} |`);
    for (const key of linted) {
      const stats = cases[key]!;
      const ratio = Math.round((stats.medianMs / floor.medianMs) * 1000) / 1000;
      comparisons.push({ section: 'stk-dev lint of one file vs node -e 0', project: 'test/fixtures/dev/shop', ours: key, theirs: 'lint/node', ratio });
      lines.push(`| ${stats.label} | \`${stats.shown}\` | ${cell(stats)} | ${ratioText(ratio)} | ${mb(stats.peakRssKb)} |`);
    }
    lines.push('');
  }

  const floors = ['floor/node', 'floor/python', 'floor/parse'].map((key) => cases[key]).filter((stats): stats is CaseResult => stats !== undefined);
  if (floors.length > 0) lines.push(`Process start floors, measured among the rows of 1000 migrations, 200 models: ${floors.map((stats) => `\`${stats.shown}\` ${cell(stats)}`).join('; ')}.`, '');

  const growth = [
    ['context-warm', 'context, warm'],
    ['context-cold', 'context, cold'],
    ['context-static', 'context, no current-revision read'],
    ['hook-dist', 'hook, bundled'],
    ['validate-one', 'validate of one file'],
    ['validate-all', 'validate --all'],
    ['alembic-heads', "Alembic's heads (for reference)"],
    ['seed-3', "seed's three lines (for reference)"],
  ].flatMap(([series, label]) => [200, 50].map((models) => growthOf(series!, label!, cases, models))).filter((row): row is Growth => row !== undefined);
  if (growth.length > 0) {
    lines.push('**Growth from 100 to 5000 migrations** (medians; slope: added milliseconds per added migration)', '');
    lines.push('| series | models | 100 | 1000 | 5000 | 5000 / 100 | slope 100→1000 | slope 1000→5000 | no worse than linear |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of growth) {
      lines.push(`| ${row.series} | ${row.models} | ${time(row.at100Ms)} | ${time(row.at1000Ms)} | ${time(row.at5000Ms)} | ${row.ratio5000To100} | ${row.slope100To1000MsPerMigration.toFixed(4)} | ${row.slope1000To5000MsPerMigration.toFixed(4)} | ${row.linear ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }

  const targets: Target[] = [];
  // issue 14: each hot path as a ratio to `node -e 0` measured among the same interleaved rows
  const nodeFloor = cases['floor/node'];
  const overFloor = (key: string, limit: number, what: string, floorStats: CaseResult | undefined = nodeFloor) => {
    const stats = cases[key];
    const ratio = stats && floorStats ? stats.medianMs / floorStats.medianMs : undefined;
    targets.push({ target: `${what}: median ≤ ${limit}× \`node -e 0\``, measured: ratio === undefined ? 'not measured' : `${time(stats!.medianMs)} = ${ratio.toFixed(2)} × ${time(floorStats!.medianMs)}${ratio > limit ? ` (${Math.round((ratio / limit - 1) * 100)}% over)` : ''}`, met: ratio === undefined ? null : ratio <= limit });
  };
  overFloor('m1000-t200/hook-dist', 1.5, 'the hook on one migration (the head, unchanged since the last run), 1000 migrations / 200 models');
  overFloor('m1000-t200/hook-edited', 1.5, 'the hook on one migration just edited (the head, new bytes every run), 1000 migrations / 200 models');
  overFloor('floor/parse', 1.5, 'for scale, not ours: starting web-tree-sitter and parsing the head once, the least any check of an edited file costs');
  overFloor('m1000-t200/validate-one', 1.5, '`validate` of one file (the head), 1000 migrations / 200 models');
  overFloor('m1000-t200/context-warm', 2.0, '`context` (warm cache, current revision read), 1000 migrations / 200 models');
  const heads = cases['m1000-t200/alembic-heads'];
  const warm = cases['m1000-t200/context-warm'];
  targets.push({ target: "`context` ≤ 0.3× Alembic's ScriptDirectory heads, 1000 migrations / 200 models", measured: warm && heads ? `${time(warm.medianMs)} vs ${time(heads.medianMs)} = ${ratioText(Math.round((warm.medianMs / heads.medianMs) * 1000) / 1000)}` : '–', met: warm && heads ? warm.medianMs / heads.medianMs <= 0.3 : null });
  overFloor('lint/view', 1.5, '`lint` of one file (a view of test/fixtures/dev/shop)', floor);
  overFloor('lint/template', 1.5, '`lint` of one page template (same fixture)', floor);
  overFloor('lint/view-edited', 1.5, '`lint` of one view just edited (new bytes every run)', floor);
  for (const row of growth.filter((candidate) => !candidate.series.includes('reference'))) {
    targets.push({
      target: `${row.series} (${row.models} models): cost no worse than linear from 100 to 5000 migrations`,
      measured: `5000/100 = ${row.ratio5000To100}; ${row.slope100To1000MsPerMigration.toFixed(4)} → ${row.slope1000To5000MsPerMigration.toFixed(4)} ms per migration`,
      met: row.linear,
    });
  }
  // flat: 50 times the migrations cost at most a fifth more time
  for (const row of growth.filter((candidate) => candidate.series === 'hook, bundled')) {
    targets.push({ target: `the hook (${row.models} models): flat from 100 to 5000 migrations (5000 / 100 ≤ 1.2)`, measured: `${time(row.at100Ms)} → ${time(row.at5000Ms)} = ${row.ratio5000To100}`, met: row.ratio5000To100 <= 1.2 });
  }
  const tripRatio = trip && dance ? trip.medianMs / dance.medianMs : undefined;
  targets.push({ target: '`roundtrip` of the head faster than the seed\'s three commands on the example', measured: tripRatio === undefined ? 'not built yet' : `${time(trip!.medianMs)} vs ${time(dance!.medianMs)}`, met: tripRatio === undefined ? null : tripRatio < 1 });

  lines.push('**Targets**', '', '| target | measured | |', '| --- | --- | --- |', ...targets.map((row) => `| ${row.target} | ${row.measured} | ${verdict(row.met)} |`), '');

  for (const [name, summary] of Object.entries(results.profiles)) {
    const [what, where] = name.split('@');
    lines.push(`**Where the time goes**: one \`node --cpu-prof\` run of ${what} on ${describe(where ?? '')} (${time(summary.spanMs)} under the profiler, from the first line of JavaScript; Node's own start before it is the floor above)`, '');
    lines.push('| work | ms | share |', '| --- | --- | --- |', ...summary.categories.filter((row) => row.ms >= 0.5).map((row) => `| ${row.category} | ${row.ms.toFixed(1)} | ${Math.round(row.share * 100)}% |`), '');
  }
  if (results.skipped.length > 0) lines.push(`Not measured: ${results.skipped.join('; ')}.`, '');
  return { markdown: lines.join('\n').trimEnd(), summary: { comparisons, validatePerMigrationMs, growth, targets } };
}

const start = '<!-- bench:start (written by npm run bench -- --write-readme; edit bench/report.ts instead) -->';
const end = '<!-- bench:end -->';

/** The README with the generated part of its Benchmark section replaced. */
export function updateReadme(readme: string, markdown: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no "${start}" ... "${end}" markers in its Benchmark section; add them where the table belongs`);
  return `${readme.slice(0, from + start.length)}\n${markdown}\n${readme.slice(to)}`;
}

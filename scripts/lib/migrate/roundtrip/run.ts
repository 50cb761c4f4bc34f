import { realpathSync } from 'node:fs';
import { UsageError } from '../../cli/command.js';
import { relativePath } from '../../discover/files.js';
import { summarize, type Finding } from '../../findings/schema.js';
import { CountsSchema, RevisionsSchema, SampleSchema, SnapshotSchema, type Counts, type PythonError, type RevisionInfo } from '../../throwaway/protocol.js';
import type { ThrowawaySession } from '../../throwaway/session.js';
import { downgradeLosses, upgradeLosses, type Loss } from './data-loss.js';
import { downgradeTarget, graphOfRevisions, resolveTargets, stepsToReach } from './plan.js';
import type { RevisionReport, RoundtripReport, StepRows } from './report.js';
import { afterDowngrade, afterReupgrade, schemaDifferences } from './schema-diff.js';

export interface RoundtripRequest {
  /** A revision id or unique prefix; default: the heads. */
  revision: string | undefined;
  /** Every revision from base, in order. */
  all: boolean;
  withData: boolean;
  /** Sample rows inserted into every table before each upgrade. */
  sampleRows: number;
}

type FailureRule = 'roundtrip-upgrade-failed' | 'roundtrip-downgrade-failed' | 'roundtrip-reupgrade-failed';

/** A one-line fix for the usual reasons a migration fails on a database with rows. */
function helpForFailure(message: string, revision: string): string {
  if (/NOT NULL|null value|contains null values/i.test(message)) {
    return 'Existing rows get no value for the NOT NULL column: add it with server_default=..., or add it nullable, fill it with an UPDATE, then make it NOT NULL.';
  }
  if (/too long|truncat|out of range/i.test(message)) return 'Existing values do not fit the new type: shorten or convert them in the migration first, or keep the wider type.';
  if (/NotImplementedError/.test(message)) return 'downgrade() raises on purpose: the migration is irreversible. If that is intended, nothing to fix, but nothing can undo it either.';
  if (/already exists|duplicate/i.test(message)) return 'Something the migration creates is already there: the previous downgrade left it behind, or the upgrade creates it twice.';
  if (/no such|does not exist|undefined(table|column|object)/i.test(message)) {
    return 'The migration refers to something that does not exist at that point: check the names, and that the downgrade undoes only what the upgrade did.';
  }
  return `Fix the migration at the line shown, then run stk-migrate roundtrip ${revision} again.`;
}

const steps = ['before', 'afterUpgrade', 'afterDowngrade', 'afterReupgrade'] as const;

export async function runRoundtrip(session: ThrowawaySession, request: RoundtripRequest): Promise<RoundtripReport> {
  const { helper, project } = session;
  const root = realpathSync(project.root);
  const initial = await session.current();
  const { revisions } = await helper.request('revisions', {}, RevisionsSchema);
  const graph = graphOfRevisions(revisions, root);
  const byRevision = new Map(revisions.map((info) => [info.revision, info]));
  const targets = resolveTargets(graph, request.revision, request.all);
  if (targets.length === 0) throw new UsageError('the project has no revisions to round-trip');

  const findings: Finding[] = [];
  const reports: RevisionReport[] = [];
  const fileOf = (info: RevisionInfo) => relativePath(root, info.path);
  const at = (info: RevisionInfo, fn: 'upgrade' | 'downgrade', rule: string, loss: Pick<Loss, 'severity' | 'message' | 'help'>): Finding => ({
    rule,
    severity: loss.severity,
    file: fileOf(info),
    line: (fn === 'upgrade' ? info.upgradeLine : info.downgradeLine) ?? 1,
    column: 1,
    message: `${info.revision}: ${loss.message}`,
    help: loss.help,
  });
  const failed = (info: RevisionInfo, rule: FailureRule, what: string, error: PythonError): Finding => ({
    rule,
    severity: 'error',
    file: error.file ? relativePath(root, error.file) : fileOf(info),
    line: error.line ?? (rule === 'roundtrip-downgrade-failed' ? info.downgradeLine : info.upgradeLine) ?? 1,
    column: 1,
    message: `${what} fails: ${error.message}`,
    help: helpForFailure(error.message, info.revision),
  });

  let heads = initial.heads;
  let stopped = false;
  for (const revision of targets) {
    const info = byRevision.get(revision)!;
    const report: RevisionReport = { revision, file: fileOf(info), message: info.message, status: 'not run', rows: {}, sample: null };
    reports.push(report);
    if (stopped) continue;
    const before = findings.length;
    const record = (step: (typeof steps)[number], counts: Counts) => {
      for (const table of counts.tables) {
        const rows: StepRows = (report.rows[table.name] ??= { before: null, afterUpgrade: null, afterDowngrade: null, afterReupgrade: null });
        rows[step] = table.rows;
      }
    };
    const migrate = async (op: 'upgrade' | 'downgrade', target: string, rule: FailureRule, what: string): Promise<boolean> => {
      session.step = what;
      const error = await session.migrate(op, target);
      if (error) findings.push(failed(info, rule, what, error));
      return !error;
    };

    const finished = await (async (): Promise<boolean> => {
      // A fresh database for every revision would cost a migration of its whole history; one reused in
      // graph order is already at the parent. Only a branch switch needs a new one (or, --with-data, a downgrade).
      let route = stepsToReach(graph, heads, info.downRevisions);
      if (!request.withData && (route === undefined || route.some((step) => step.op === 'downgrade'))) {
        await session.replaceDatabase();
        heads = [];
        route = stepsToReach(graph, heads, info.downRevisions);
      }
      if (route === undefined) {
        throw new UsageError(`--with-data: the copy of your database is at ${heads.join(', ')}, on another branch than the parent of ${revision}; round-trip a revision of that branch`);
      }
      for (const step of route) {
        const rule = step.op === 'upgrade' ? 'roundtrip-upgrade-failed' : 'roundtrip-downgrade-failed';
        if (!(await migrate(step.op, step.target, rule, `${step.op} to ${step.target} (to reach the parent of ${revision})`))) return false;
      }

      const mismatches = (differences: string[], fn: 'upgrade' | 'downgrade', help: string) => {
        for (const message of differences) findings.push(at(info, fn, 'roundtrip-schema-mismatch', { severity: 'error', message, help }));
      };

      session.step = `inspecting the database before ${revision}`;
      const schemaBefore = await helper.request('snapshot', {}, SnapshotSchema);
      report.sample = await helper.request('sample', { rows: request.sampleRows }, SampleSchema);
      const countsBefore = await helper.request('counts', {}, CountsSchema);
      record('before', countsBefore);

      if (!(await migrate('upgrade', revision, 'roundtrip-upgrade-failed', `upgrade to ${revision}`))) return false;
      const schemaUp = await helper.request('snapshot', {}, SnapshotSchema);
      const countsUp = await helper.request('counts', {}, CountsSchema);
      record('afterUpgrade', countsUp);
      for (const loss of upgradeLosses(countsBefore, countsUp)) findings.push(at(info, 'upgrade', 'roundtrip-data-loss', loss));

      const down = downgradeTarget(info.downRevisions);
      if (!(await migrate('downgrade', down, 'roundtrip-downgrade-failed', `downgrade of ${revision} to ${down}`))) return false;
      const schemaDown = await helper.request('snapshot', {}, SnapshotSchema);
      const countsDown = await helper.request('counts', {}, CountsSchema);
      record('afterDowngrade', countsDown);
      mismatches(schemaDifferences(schemaBefore, schemaDown, afterDowngrade), 'downgrade',
        'downgrade() must restore exactly the schema before upgrade(): undo every operation of the upgrade, in reverse order, and nothing else.');
      for (const loss of downgradeLosses(countsBefore, countsUp, countsDown)) findings.push(at(info, 'downgrade', 'roundtrip-data-loss', loss));

      if (!(await migrate('upgrade', revision, 'roundtrip-reupgrade-failed', `upgrade to ${revision} after its downgrade`))) return false;
      const schemaReup = await helper.request('snapshot', {}, SnapshotSchema);
      record('afterReupgrade', await helper.request('counts', {}, CountsSchema));
      mismatches(schemaDifferences(schemaUp, schemaReup, afterReupgrade), 'upgrade',
        'Upgrading again after the downgrade must give the same schema: the downgrade leaves something behind that changes what the upgrade does.');
      heads = [revision];
      return true;
    })();

    report.status = findings.slice(before).some((finding) => finding.severity === 'error') ? 'failed' : 'passed';
    // The database is in an unknown state after a failed migration, and later revisions build on this one.
    if (!finished) stopped = true;
  }

  return {
    ...summarize(findings),
    database: { dialect: session.dialect, throwaway: session.database.label, withData: request.withData },
    python: { python: session.hello.python, alembic: session.hello.alembic, sqlalchemy: session.hello.sqlalchemy },
    revisions: reports,
  };
}

import { realpathSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../../cli/command.js';
import { relativePath } from '../../discover/files.js';
import { FindingsReportSchema, summarize, type Finding } from '../../findings/schema.js';
import { loadModels } from '../../models/load.js';
import { DifferenceSchema, DriftSchema, HelloSchema, RevisionsSchema, type Difference } from '../../throwaway/protocol.js';
import { refuseForeignDatabase, type ThrowawaySession } from '../../throwaway/session.js';
import { describeDifference, driftHelp } from './describe.js';

/** `stk-migrate drift --format json`. */
export const DriftReportSchema = FindingsReportSchema.extend({
  database: z.object({ dialect: z.enum(['sqlite', 'postgresql']), throwaway: z.string() }),
  python: HelloSchema.omit({ protocol: true }),
  heads: z.array(z.string()),
  /** Each difference with its one-line description (`text`). */
  differences: z.array(DifferenceSchema.extend({ text: z.string() })),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;

/** Migrates a throwaway database to the heads and compares it with env.py's target_metadata, as autogenerate does. */
export async function runDrift(session: ThrowawaySession): Promise<DriftReport> {
  const { helper, project } = session;
  const root = realpathSync(project.root);
  const current = await session.current();
  if (!current.hasTargetMetadata) throw new UsageError('env.py passes no target_metadata to context.configure(), so there are no models to compare the migrations with');
  const { revisions, heads } = await helper.request('revisions', {}, RevisionsSchema);
  const headFile = revisions.find((info) => heads.includes(info.revision));
  const base = {
    database: { dialect: session.dialect, throwaway: session.database.label },
    python: { python: session.hello.python, alembic: session.hello.alembic, sqlalchemy: session.hello.sqlalchemy },
    heads,
  };

  session.step = 'upgrade to heads';
  const failure = await session.migrate('upgrade', 'heads');
  if (failure) {
    const finding: Finding = {
      rule: 'drift-upgrade-failed',
      severity: 'error',
      file: failure.file ? relativePath(root, failure.file) : headFile ? relativePath(root, headFile.path) : 'alembic.ini',
      line: failure.line ?? 1,
      column: 1,
      message: `upgrade to heads fails, so the migrations cannot be compared with the models: ${failure.message}`,
      help: 'Fix the migration at the line shown (stk-migrate roundtrip <revision> tells more), then run stk-migrate drift again.',
    };
    return { ...summarize([finding]), ...base, differences: [] };
  }

  session.step = 'comparing the database with the models';
  const { differences } = await helper.request('drift', {}, DriftSchema).catch((error: unknown) => {
    refuseForeignDatabase(error);
    throw error;
  });
  const { tables } = await loadModels(project);
  const locate = (difference: Difference): { file: string; line: number } => {
    const table = tables.find((candidate) => candidate.name === difference.table);
    const column = table?.columns.find((candidate) => candidate.name === difference.column);
    if (table) return { file: table.file, line: column?.line ?? table.line };
    return headFile ? { file: relativePath(root, headFile.path), line: 1 } : { file: 'alembic.ini', line: 1 };
  };
  const findings = differences.map((difference): Finding => ({
    rule: 'model-drift',
    severity: 'error',
    ...locate(difference),
    column: 1,
    message: describeDifference(difference),
    help: driftHelp(difference),
  }));
  return { ...summarize(findings), ...base, differences: differences.map((difference) => ({ ...difference, text: describeDifference(difference) })) };
}

import { z } from 'zod';
import { FindingsReportSchema } from '../../findings/schema.js';
import { HelloSchema, SampleSchema } from '../../throwaway/protocol.js';

/** Rows of one table at each step of a round trip; null where the table did not exist. */
export const StepRowsSchema = z.object({
  before: z.number().int().nullable(),
  afterUpgrade: z.number().int().nullable(),
  afterDowngrade: z.number().int().nullable(),
  afterReupgrade: z.number().int().nullable(),
});
export type StepRows = z.infer<typeof StepRowsSchema>;

export const RevisionReportSchema = z.object({
  revision: z.string(),
  /** Path relative to the project root. */
  file: z.string(),
  message: z.string(),
  /** `failed` when it has an error finding; `not run` after an earlier failure stopped the walk. */
  status: z.enum(['passed', 'failed', 'not run']),
  rows: z.record(z.string(), StepRowsSchema),
  /** The sample rows inserted before the upgrade, and the tables that took fewer than asked, with why. */
  sample: SampleSchema.nullable(),
});
export type RevisionReport = z.infer<typeof RevisionReportSchema>;

/** `stk-migrate roundtrip --format json`. */
export const RoundtripReportSchema = FindingsReportSchema.extend({
  database: z.object({
    dialect: z.enum(['sqlite', 'postgresql']),
    /** The first throwaway database, masked. */
    throwaway: z.string(),
    withData: z.boolean(),
  }),
  python: HelloSchema.omit({ protocol: true }),
  revisions: z.array(RevisionReportSchema),
});
export type RoundtripReport = z.infer<typeof RoundtripReportSchema>;

import { z } from 'zod';

export const CheckStatusSchema = z.enum(['passed', 'failed', 'skipped']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CheckResultSchema = z.object({
  /** `checks.py`, `stk verify`, `ruff check`, `ruff format --check`, or `ruff` when it is missing. */
  name: z.string(),
  status: CheckStatusSchema,
  command: z.array(z.string()).nullable().describe('the argv that ran, null when skipped'),
  exitCode: z.number().int().nullable(),
  seconds: z.number().nullable(),
  detail: z.string().nullable().describe('why it was skipped, or how it failed (exit code, timeout)'),
  output: z.array(z.string()).describe('the last lines of its output, for a failure'),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** `stk-migrate check --format json`. */
export const CheckReportSchema = z.object({
  checks: z.array(CheckResultSchema),
  notes: z.array(z.string()).describe("what the checks may have done besides checking: the project's own code ran"),
  summary: z.object({
    passed: z.number().int().min(0),
    failed: z.number().int().min(0),
    skipped: z.number().int().min(0),
  }),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

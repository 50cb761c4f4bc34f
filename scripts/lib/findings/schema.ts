import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One problem found by any command (validate, roundtrip, drift, hook): the single shape every renderer takes. */
export const FindingSchema = z.object({
  rule: z.string().min(1),
  severity: SeveritySchema,
  /** Path relative to the project root, with forward slashes. */
  file: z.string(),
  /** 1-based. */
  line: z.number().int().min(1),
  /** 1-based. */
  column: z.number().int().min(1),
  message: z.string().min(1),
  help: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const FindingsReportSchema = z.object({
  findings: z.array(FindingSchema),
  summary: z.object({
    errors: z.number().int().min(0),
    warnings: z.number().int().min(0),
    infos: z.number().int().min(0),
  }),
});
export type FindingsReport = z.infer<typeof FindingsReportSchema>;

export { summarize } from './summary.js';

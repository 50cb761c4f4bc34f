import { z } from 'zod';
import { FindingsReportSchema } from '../../findings/schema.js';

/** `stk-migrate new --format json`. */
export const NewReportSchema = z.object({
  file: z.string().describe("the new revision file, relative to the project root; '' when the project's env.py wrote none (Flask-Migrate's, when autogenerate finds no change)"),
  revision: z.string().nullable(),
  parents: z.array(z.string()),
  message: z.string().describe("the docstring's first line, read back from the file"),
  autogenerate: z.boolean(),
  noChanges: z.boolean().describe('autogenerate found nothing to migrate: upgrade() is only pass'),
  removed: z.boolean().describe('the file was deleted again because it had no changes (no --keep-empty)'),
  command: z.array(z.string()).describe("the argv of the project's revision command (with --throwaway: Alembic's revision command, run through its API on the throwaway database)"),
  database: z.enum(['configured', 'throwaway', 'none']).describe('what autogenerate compared the models with: the configured database, a throwaway one upgraded to the heads (--throwaway), or none (--empty)'),
  validate: FindingsReportSchema.describe('what stk-migrate validate found in the new file (nothing when it was removed)'),
});
export type NewReport = z.infer<typeof NewReportSchema>;

import { join } from 'node:path';
import type { Project } from '../../discover/types.js';
import type { Finding } from '../../findings/schema.js';
import { validateMigrations } from '../validate.js';

/** The one place where `new` runs `stk-migrate validate` on the revision it created. */
export async function validateNewRevision(project: Project, file: string): Promise<Finding[]> {
  return (await validateMigrations(project, { files: [join(project.root, file)] })).findings;
}

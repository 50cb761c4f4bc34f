import type { Project } from '../discover/types.js';
import type { Finding } from '../findings/schema.js';

export interface ValidateOutcome {
  ran: boolean;
  findings: Finding[];
  /** Why validate did not run. */
  note: string | null;
}

/**
 * The one place where `new` runs `stk-migrate validate` (issue 3) on the revision it created.
 * Until that command's library entry exists, nothing is validated and the report says so.
 */
export async function validateNewRevision(_project: Project, _file: string): Promise<ValidateOutcome> {
  return { ran: false, findings: [], note: 'stk-migrate validate is not available in this version' };
}

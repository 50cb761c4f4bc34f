import { listed } from '../helpers.js';
import type { Rule } from '../types.js';

export const revisionCycle: Rule = {
  id: 'revision-cycle',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports revisions whose `down_revision` links form a loop.',
    why: 'A revision cannot come before itself: Alembic cannot order the history and every command fails.',
    example: '# a.py\nrevision = "a"\ndown_revision = "b"\n# b.py\nrevision = "b"\ndown_revision = "a"',
    fix: '# a.py\nrevision = "a"\ndown_revision = None\n# b.py\nrevision = "b"\ndown_revision = "a"',
  },
  check({ graph, file, header, downRevisionLine }) {
    return graph.problems.flatMap((problem) =>
      problem.kind === 'revision-cycle' && problem.files.includes(file)
        ? [
            {
              line: downRevisionLine,
              column: 1,
              message: `Revision \`${header.revision ?? ''}\` is part of a cycle (${listed(problem.revisions)}), so Alembic cannot order the history.`,
              help: 'point the down_revision of the newest revision in the cycle at the revision it was really written after',
            },
          ]
        : [],
    );
  },
};

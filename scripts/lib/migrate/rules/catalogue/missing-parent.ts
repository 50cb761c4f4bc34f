import type { Rule } from '../types.js';

export const missingParent: Rule = {
  id: 'missing-parent',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a `down_revision` (or a member of a merge tuple) that no revision file declares.',
    why: 'Alembic cannot place the revision in the history, so `upgrade`, `downgrade` and `history` all fail with "Can\'t locate revision".',
    example: 'revision = "3f2a9c1d0b7e"\ndown_revision = "0000deadbeef"  # no such revision',
    fix: 'revision = "3f2a9c1d0b7e"\ndown_revision = "9e8d7c6b5a41"  # the head this revision was written on',
  },
  check({ graph, file, downRevisionLine }) {
    const heads = graph.heads.filter((head) => graph.byRevision.get(head)?.file !== file);
    return graph.problems.flatMap((problem) =>
      problem.kind === 'missing-parent' && problem.file === file
        ? [
            {
              line: downRevisionLine,
              column: 1,
              message: `down_revision names \`${problem.parent}\`, which no revision file declares, so Alembic cannot build the history and every command fails.`,
              help: heads.length
                ? `point down_revision at an existing revision, most likely the head it was written on: ${heads.map((head) => `"${head}"`).join(' or ')}; or restore the missing file`
                : 'point down_revision at an existing revision, or restore the missing file',
            },
          ]
        : [],
    );
  },
};

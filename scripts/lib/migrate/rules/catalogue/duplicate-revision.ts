import type { Rule } from '../types.js';

export const duplicateRevision: Rule = {
  id: 'duplicate-revision',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a revision id declared by more than one file.',
    why: 'Alembic keeps one file per id and refuses to load a history with duplicates, usually after a migration file was copied as a template.',
    example: '# 3f2a9c1d0b7e_add_bio.py and 3f2a9c1d0b7e_add_avatar.py both say:\nrevision = "3f2a9c1d0b7e"',
    fix: '# 7c5e1a2b9d34_add_avatar.py\nrevision = "7c5e1a2b9d34"\ndown_revision = "3f2a9c1d0b7e"',
  },
  check({ graph, file, header }) {
    return graph.problems.flatMap((problem) =>
      problem.kind === 'duplicate-revision' && problem.files.includes(file)
        ? [
            {
              line: header.revisionLine,
              column: 1,
              message: `Revision \`${problem.revision}\` is also declared by ${problem.files.filter((other) => other !== file).join(', ')}, so Alembic refuses to load the history.`,
              help: 'give the newer file a fresh id (`python3 -c "import uuid; print(uuid.uuid4().hex[-12:])"`), rename it to match, and set its down_revision to the revision it follows',
            },
          ]
        : [],
    );
  },
};

import type { Rule } from '../types.js';

export const revisionMismatch: Rule = {
  id: 'revision-mismatch',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a revision whose id does not appear in its file name (`<revision>_<slug>.py`).',
    why: 'People and tools find a revision by its file name; a copied file that kept the old name, or an id edited by hand, sends them to the wrong file and usually hides a duplicate id.',
    example: '# file: alembic/versions/3f2a9c1d0b7e_add_bio.py\nrevision = "b41c0d9e7f12"',
    fix: '# file: alembic/versions/b41c0d9e7f12_add_bio.py\nrevision = "b41c0d9e7f12"',
  },
  check({ graph, file, header }) {
    return graph.problems
      .filter((problem) => problem.kind === 'revision-mismatch' && problem.file === file)
      .map(() => ({
        line: header.revisionLine,
        column: 1,
        message: `The revision id \`${header.revision ?? ''}\` does not match the file name, so anyone looking for this revision by name opens the wrong file.`,
        help: `rename the file to \`${header.revision ?? '<revision>'}_<slug>.py\`, or set \`revision\` to the id in the file name (and update the \`down_revision\` that points at it)`,
      }));
  },
};

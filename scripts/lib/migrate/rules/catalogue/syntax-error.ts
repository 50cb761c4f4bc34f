import type { Rule } from '../types.js';

export const syntaxError: Rule = {
  id: 'syntax-error',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a revision file that does not parse as Python, or whose `revision`/`down_revision` header is not made of plain literals.',
    why: 'Alembic imports every revision file to build the history; one broken file makes every command fail, for every developer.',
    example: 'revision = "3f2a9c1d0b7e"\ndown_revision = "9e8d7c6b5a41"\n\ndef upgrade():\n    op.add_column("user", sa.Column("bio", sa.Text(), nullable=True)',
    fix: 'revision = "3f2a9c1d0b7e"\ndown_revision = "9e8d7c6b5a41"\n\ndef upgrade():\n    op.add_column("user", sa.Column("bio", sa.Text(), nullable=True))',
  },
  check({ header }) {
    const problem = header.problem;
    if (!problem) return [];
    const syntax = problem.message.startsWith('invalid Python syntax');
    return [
      {
        line: problem.line,
        column: problem.column,
        message: `Alembic cannot load this revision (${problem.message}), so every migration command fails.`,
        help: syntax
          ? `fix the Python at line ${problem.line}, column ${problem.column}; \`python -m py_compile ${header.file}\` shows the interpreter's view`
          : 'write the header as plain literals: `revision = "<id>"`, `down_revision = "<parent id>"` (or `None` for the first revision, a tuple for a merge)',
      },
    ];
  },
};

import type { Rule } from '../types.js';

export const syntaxError: Rule = {
  id: 'syntax-error',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a revision file that CPython or Alembic refuses to load: invalid syntax, bad indentation or mixed tabs and spaces, bytes that are not in the file\'s encoding, nesting past CPython\'s limits, or a `revision`/`down_revision` of a kind Alembic fails on.',
    why: 'Alembic imports every revision file to build the history; one broken file makes every command fail, for every developer.',
    example: 'revision = "3f2a9c1d0b7e"\ndown_revision = "9e8d7c6b5a41"\n\ndef upgrade():\n    op.add_column("user", sa.Column("bio", sa.Text(), nullable=True)',
    fix: 'revision = "3f2a9c1d0b7e"\ndown_revision = "9e8d7c6b5a41"\n\ndef upgrade():\n    op.add_column("user", sa.Column("bio", sa.Text(), nullable=True))',
  },
  check({ header }) {
    const problem = header.problem;
    if (!problem || (problem.kind !== undefined && problem.kind !== 'syntax')) return [];
    return [
      {
        line: problem.line,
        column: problem.column,
        message: `Alembic cannot load this revision (${problem.message}), so every migration command fails.`,
        help: problem.help ?? `fix the Python at line ${problem.line}, column ${problem.column}; \`python -m py_compile ${header.file}\` shows the interpreter's view`,
      },
    ];
  },
};

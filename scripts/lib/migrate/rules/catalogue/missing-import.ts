import type { Rule } from '../types.js';

const knownImports: Record<string, string> = {
  sa: 'import sqlalchemy as sa',
  sqlalchemy: 'import sqlalchemy',
  op: 'from alembic import op',
  text: 'from sqlalchemy import text',
  postgresql: 'from sqlalchemy.dialects import postgresql',
  mysql: 'from sqlalchemy.dialects import mysql',
  sqlite: 'from sqlalchemy.dialects import sqlite',
  Sequence: 'from typing import Sequence',
  Union: 'from typing import Union',
  Optional: 'from typing import Optional',
};

const sqlalchemyNames = new Set(
  'Column String Integer SmallInteger BigInteger Text Unicode UnicodeText Boolean Date DateTime Time Interval Float Numeric LargeBinary JSON Enum Uuid ForeignKey ForeignKeyConstraint PrimaryKeyConstraint UniqueConstraint CheckConstraint Index Table MetaData table column select update insert delete func literal_column'.split(' '),
);

export const missingImport: Rule = {
  id: 'missing-import',
  group: 'hygiene',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a name the migration uses but never imports or defines: `sa`, `op`, `text`, `postgresql`, a bare `Column`, ...',
    why: 'Python only looks the name up when the line runs, so the file loads and the migration fails halfway with NameError (on PostgreSQL the transaction is rolled back; on SQLite the operations before it stay applied).',
    example: 'from alembic import op\n\ndef upgrade():\n    op.execute(text("UPDATE \\"user\\" SET active = true"))',
    fix: 'from alembic import op\nfrom sqlalchemy import text\n\ndef upgrade():\n    op.execute(text("UPDATE \\"user\\" SET active = true"))',
  },
  check({ names }) {
    return names.unresolved.map((use) => {
      const fix = knownImports[use.name] ?? (sqlalchemyNames.has(use.name) ? `from sqlalchemy import ${use.name}` : undefined);
      return {
        line: use.line,
        column: use.column,
        message: `\`${use.name}\` is used but never ${fix ? 'imported' : 'imported or defined'}, so the migration fails with NameError when this line runs.`,
        help: fix ? `add \`${fix}\` at the top of the file` : `import or define \`${use.name}\`, or fix the spelling`,
      };
    });
  },
};

import type { Rule } from '../types.js';

export const rawSqlString: Rule = {
  id: 'raw-sql-string',
  group: 'hygiene',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports `op.execute("...")` given a bare string instead of `sa.text("...")` (or a SQLAlchemy expression).',
    why: 'Alembic wraps the string in `text()` behind your back, so every `:word` in it (a time like `12:30`, a JSON literal, a PostgreSQL `::cast`) becomes a bind parameter and the statement fails; writing `sa.text()` makes that explicit and lets values go through `.bindparams()`.',
    example: 'op.execute("UPDATE \\"user\\" SET plan = \'free\' WHERE plan IS NULL")',
    fix: 'op.execute(sa.text("UPDATE \\"user\\" SET plan = :plan WHERE plan IS NULL").bindparams(plan="free"))',
  },
  check({ upgrade, downgrade, names }) {
    const bound = new Set(names.imports.map((binding) => binding.name));
    const wrapper = bound.has('sa') ? 'sa.text' : bound.has('text') ? 'text' : 'sa.text';
    return [...upgrade.ops, ...downgrade.ops].flatMap((op) =>
      op.kind === 'execute' && op.form === 'string'
        ? [
            {
              line: op.line,
              column: op.column,
              message: 'op.execute() with a bare SQL string is silently wrapped in text(), so any `:word` in the SQL becomes a bind parameter and the statement fails.',
              help: `write \`op.execute(${wrapper}(${JSON.stringify(op.sql ?? '')}))\`${wrapper === 'sa.text' && !bound.has('sa') ? ' (with `import sqlalchemy as sa`)' : ''}, and pass values with \`.bindparams(...)\``,
            },
          ]
        : [],
    );
  },
};

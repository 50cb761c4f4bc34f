import { limits } from '../../../parse/limits.js';
import type { Rule } from '../types.js';

export const tooLarge: Rule = {
  id: 'too-large',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: `Reports a revision file past the limits of the checks: larger than ${limits.bytes / 1024 / 1024} MB, nested more than ${limits.depth} syntax levels deep, or holding more than ${limits.operations} operations in \`upgrade()\` or \`downgrade()\`. Nothing else is checked in it.`,
    why: 'A file that size is generated, not written, and checking it would take minutes; the finding says it was not checked rather than letting it pass as clean.',
    example: 'def upgrade():\n    op.execute(sa.text("INSERT ..."))  # 40,000 lines of generated data',
    fix: 'def upgrade():\n    # the data lives beside the migration and is loaded in one statement\n    op.bulk_insert(table, load_rows("2c8a6e4b0d19_countries.json"))',
  },
  check({ header }) {
    const problem = header.problem;
    if (problem?.kind !== 'limit') return [];
    return [
      {
        line: problem.line,
        column: problem.column,
        message: `This revision was not checked: ${problem.message}.`,
        help: 'move generated data out of the migration (a data file it loads), or split the migration; to accept it unchecked, set `"too-large" = "off"` in the stk-migrate config',
      },
    ];
  },
};

import { renderOperation } from '../../ops/render.js';
import { replaySchema } from '../../ops/replay.js';
import { foreignKeysCreated, leadingIndex } from '../models.js';
import type { Report, Rule } from '../types.js';

export const fkWithoutIndex: Rule = {
  id: 'fk-without-index',
  group: 'models',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports a foreign key created in `upgrade()` whose columns do not lead any index, primary key or unique constraint once the migration has run.',
    why: 'Neither SQLite nor PostgreSQL indexes foreign key columns by themselves: joins from the parent and every delete or update of a parent row scan the whole child table.',
    example: 'with op.batch_alter_table("activity", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))\n    batch_op.create_foreign_key(batch_op.f("fk_activity_user_id_user"), "user", ["user_id"], ["id"])',
    fix: 'with op.batch_alter_table("activity", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))\n    batch_op.create_index(batch_op.f("ix_activity_user_id"), ["user_id"], unique=False)\n    batch_op.create_foreign_key(batch_op.f("fk_activity_user_id_user"), "user", ["user_id"], ["id"])',
  },
  check({ upgrade, schemaAfter, file }) {
    const schema = schemaAfter ?? replaySchema([{ file, ops: upgrade.ops }]);
    const reports: Report[] = [];
    for (const fk of foreignKeysCreated(upgrade.ops)) {
      const table = schema.tables.get(fk.table);
      // without the history, a table this migration did not create may already have the index
      if (!table || (!schemaAfter && table.uncertain.length > 0) || leadingIndex(table, fk.columns)) continue;
      const name = `ix_${fk.table}_${fk.columns.join('_')}`;
      const index = renderOperation({ kind: 'create_index', line: 0, column: 0, batch: fk.batch, schema: null, name, nameViaF: true, table: fk.table, columns: fk.columns, unique: false });
      reports.push({
        line: fk.line,
        column: fk.column,
        message: `The foreign key on \`${fk.table}.${fk.columns.join(', ')}\` has no index, so joins from \`${fk.referentTable}\` and every delete of a \`${fk.referentTable}\` row scan all of \`${fk.table}\`.`,
        help: `add \`index=True\` to the model column and \`${index}\` here (and the matching drop_index in downgrade())`,
      });
    }
    return reports;
  },
};

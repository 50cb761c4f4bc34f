import { replaySchema } from '../../ops/replay.js';
import { closest } from '../../../text/closest.js';
import { cannotVerify, schemaUncertainty, unknownState } from '../helpers.js';
import { foreignKeysCreated, hasColumns, unreadableModelsNote } from '../models.js';
import type { Report, Rule } from '../types.js';

export const fkTargetUnknown: Rule = {
  id: 'fk-target-unknown',
  group: 'models',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a foreign key created in `upgrade()` whose referenced table or column exists neither in the models nor in the schema the migrations produce up to this revision. While a model file cannot be read (Python refuses it, or it is too large), that is an info "cannot verify" instead.',
    why: 'PostgreSQL rejects the constraint and the migration fails; SQLite accepts it and every insert into the table fails later with "foreign key mismatch". A typo in `"user.id"` is enough.',
    example: 'op.create_foreign_key(op.f("fk_activity_user_id_user"), "activity", "users", ["user_id"], ["id"])',
    fix: 'op.create_foreign_key(op.f("fk_activity_user_id_user"), "activity", "user", ["user_id"], ["id"])',
  },
  check({ upgrade, schemaAfter, models, unreadableModels, file }) {
    const own = schemaAfter ?? replaySchema([{ file, ops: upgrade.ops }]);
    const unreadable = unreadableModelsNote(unreadableModels);
    const reports: Report[] = [];
    for (const fk of foreignKeysCreated(upgrade.ops)) {
      if (hasColumns(own, models, fk.referentTable, fk.referentColumns)) continue;
      const target = `\`${fk.referentTable}.${fk.referentColumns.join(', ')}\``;
      const known = new Set([...own.tables.keys(), ...(models ?? []).map((model) => model.name)]);
      const guess = known.has(fk.referentTable) ? undefined : closest(fk.referentTable, known);
      const help = guess ? `point it at an existing table: did you mean \`${guess}\`?` : `point it at a table and column that exist, or create ${target} first`;
      const uncertain = schemaUncertainty(own, fk.referentTable);
      if (!schemaAfter || uncertain) {
        if (models) reports.push(cannotVerify(fk, `that ${target} exists`, uncertain ?? { line: 1, reason: 'the earlier migrations were not read', file }, help));
        continue;
      }
      if (unreadable && models) {
        reports.push(unknownState(fk, `that ${target} exists`, unreadable.reason, unreadable.help));
        continue;
      }
      reports.push({
        line: fk.line,
        column: fk.column,
        message: `The foreign key on \`${fk.table}.${fk.columns.join(', ')}\` references ${target}, which neither the models nor the migrations declare, so the migration or every later insert fails.`,
        help,
      });
    }
    return reports;
  },
};

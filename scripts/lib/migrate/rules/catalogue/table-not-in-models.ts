import { cannotVerify, placeForTable, unknownState } from '../helpers.js';
import { unreadableModelsNote } from '../models.js';
import type { Report, Rule } from '../types.js';

const alembicTables = new Set(['alembic_version']);

export const tableNotInModels: Rule = {
  id: 'table-not-in-models',
  group: 'models',
  defaultSeverity: 'warning',
  docs: {
    what: 'For the head revision, reports tables the migrations create that no model declares (`alembic_version` aside), including association tables declared with `Table(...)`. While a model file cannot be read (Python refuses it, or it is too large), such a table gets an info "cannot verify" instead: that file may declare it.',
    why: 'The application cannot reach the table, and the next autogenerate proposes dropping it, data and all.',
    example: '# migration\nop.create_table("user_tags", sa.Column("user_id", sa.Integer(), nullable=False))\n# no model declares "user_tags"',
    fix: '# models.py\nuser_tags = Table("user_tags", Base.metadata, Column("user_id", Integer, ForeignKey("user.id")))',
  },
  check({ isHead, models, unreadableModels, schemaHead, upgrade }) {
    if (!isHead || !models || models.length === 0 || !schemaHead) return [];
    const declared = new Set(models.map((model) => model.name));
    const unreadable = unreadableModelsNote(unreadableModels);
    const reports: Report[] = [];
    for (const table of schemaHead.tables.values()) {
      if (declared.has(table.name) || alembicTables.has(table.name)) continue;
      const place = placeForTable(upgrade, table.name);
      // advising to drop a table that a model file which does not parse declares would lose its data
      if (unreadable) {
        reports.push(unknownState(place, `that a model declares table \`${table.name}\``, unreadable.reason, unreadable.help));
        continue;
      }
      const help = `declare a model for \`${table.name}\` (a class with \`__tablename__ = "${table.name}"\` or a \`Table("${table.name}", Base.metadata, ...)\`), or drop it in a new revision: \`op.drop_table("${table.name}")\``;
      const uncertain = table.uncertain[0];
      if (uncertain) {
        reports.push(cannotVerify(place, `that table \`${table.name}\` still exists`, uncertain, help));
        continue;
      }
      reports.push({
        ...place,
        message: `Table \`${table.name}\` (created at ${table.origin.file}:${table.origin.line}) is not declared by any model, so the application cannot use it and autogenerate will propose dropping it.`,
        help,
      });
    }
    return reports;
  },
};

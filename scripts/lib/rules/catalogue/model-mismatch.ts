import { batchBlock } from '../../ops/render.js';
import type { SchemaTable } from '../../ops/replay.js';
import { compareTypes, describeType } from '../../ops/sqltypes.js';
import type { ModelColumn, ModelTable } from '../../parse/models.js';
import { cannotVerify, placeForTable, schemaUncertainty } from '../helpers.js';
import { modelColumnCode, modelTarget, modelTypeCode, sameColumns } from '../models.js';
import type { Report, Rule, RuleContext } from '../types.js';

interface Difference {
  message: string;
  help: string;
}

function where(model: ModelTable, column?: ModelColumn): string {
  return `${model.file}:${column?.line ?? model.line}`;
}

/** Suggested code for a new revision: plain on most databases, batch on SQLite. */
function alterCode(context: RuleContext, table: string, args: string): string {
  return context.dialect === 'sqlite' ? `${batchBlock(table)} batch_op.alter_column(${args})` : `op.alter_column(${JSON.stringify(table)}, ${args})`;
}

function columnDifferences(context: RuleContext, model: ModelTable, table: SchemaTable, models: ModelTable[]): Difference[] {
  const found: Difference[] = [];
  const q = JSON.stringify;
  const indexesOn = (columns: string[]) => table.indexes.filter((index) => sameColumns(index.columns, columns));
  const uniqueOn = (columns: string[]) =>
    table.constraints.some((constraint) => constraint.kind === 'unique' && sameColumns(constraint.columns, columns)) || indexesOn(columns).some((index) => index.unique);
  for (const column of model.columns) {
    const name = `\`${model.name}.${column.name}\``;
    const migrated = table.columns.get(column.name);
    if (!migrated) {
      found.push({
        message: `Column ${name} of the model (${where(model, column)}) does not exist after the migrations, so queries through the model fail with "no such column".`,
        help: `add it in a new revision: \`op.add_column(${q(model.name)}, ${modelColumnCode(column, models)})\``,
      });
      continue;
    }
    const typeArgs = `${q(column.name)}, existing_type=${migrated.type?.text ?? '<type>'}, type_=${modelTypeCode(column)}`;
    if (column.type && migrated.type && compareTypes({ name: column.type, length: column.length }, migrated.type) === 'different') {
      found.push({
        message: `Column ${name} is ${describeType(migrated.type)} after the migrations but ${describeType({ name: column.type, length: column.length })} in the model (${where(model, column)}), so values the model accepts may not fit and autogenerate keeps proposing the change.`,
        help: `change the column in a new revision: \`${alterCode(context, model.name, typeArgs)}\`, or change the model`,
      });
    }
    if (column.nullable !== migrated.nullable && !column.primaryKey) {
      found.push({
        message: `Column ${name} is ${migrated.nullable ? 'nullable' : 'NOT NULL'} after the migrations but ${column.nullable ? 'nullable' : 'NOT NULL'} in the model (${where(model, column)}), so ${migrated.nullable ? 'the database accepts NULLs the model forbids' : 'inserts that leave it empty fail'}.`,
        help: `change it in a new revision: \`${alterCode(context, model.name, `${q(column.name)}, existing_type=${migrated.type?.text ?? modelTypeCode(column)}, nullable=${column.nullable ? 'True' : 'False'}`)}\`, or change the model`,
      });
    }
    if (column.primaryKey) continue;
    const wantsUnique = column.unique || model.constraints.some((constraint) => constraint.unique && sameColumns(constraint.columns, [column.name]));
    const wantsIndex = column.index || model.constraints.some((constraint) => constraint.kind === 'index' && sameColumns(constraint.columns, [column.name]));
    const hasUnique = uniqueOn([column.name]);
    const indexes = indexesOn([column.name]);
    if (wantsUnique !== hasUnique) {
      found.push({
        message: `Column ${name} is ${hasUnique ? '' : 'not '}unique after the migrations but ${wantsUnique ? '' : 'not '}unique in the model (${where(model, column)}), so ${hasUnique ? 'inserts the model allows fail on duplicates' : 'the database accepts duplicates the model forbids'}.`,
        help: hasUnique
          ? 'drop the unique constraint or index in a new revision, or add `unique=True` to the model'
          : `add it in a new revision: \`op.create_unique_constraint(op.f(${q(`uq_${model.name}_${column.name}`)}), ${q(model.name)}, [${q(column.name)}])\`, or remove \`unique=True\` from the model`,
      });
    }
    const extraIndex = !wantsIndex && indexes.some((index) => !(index.unique && wantsUnique));
    if (wantsIndex && indexes.length === 0) {
      found.push({
        message: `Column ${name} has \`index=True\` in the model (${where(model, column)}) but no index after the migrations, so lookups by it scan the whole table.`,
        help: `add it in a new revision: \`op.create_index(op.f(${q(`ix_${model.name}_${column.name}`)}), ${q(model.name)}, [${q(column.name)}], unique=${wantsUnique ? 'True' : 'False'})\``,
      });
    } else if (extraIndex) {
      const index = indexes[0];
      found.push({
        message: `Column ${name} has index \`${index?.name ?? ''}\` after the migrations but no \`index=True\` in the model (${where(model, column)}), so autogenerate will propose dropping it.`,
        help: `add \`index=True\` to the model column, or drop the index in a new revision: \`op.drop_index(op.f(${q(index?.name ?? '')}), table_name=${q(model.name)})\``,
      });
    }
    const fks = table.constraints.filter((constraint) => constraint.kind === 'foreignkey' && sameColumns(constraint.columns, [column.name]));
    const wanted = column.foreignKey ? modelTarget(column.foreignKey.target, models) : undefined;
    if (wanted && fks.length === 0) {
      found.push({
        message: `Column ${name} references \`${wanted.table}.${wanted.column}\` in the model (${where(model, column)}) but has no foreign key after the migrations, so the database accepts rows that point nowhere.`,
        help: `add it in a new revision: \`op.create_foreign_key(op.f(${q(`fk_${model.name}_${column.name}_${wanted.table}`)}), ${q(model.name)}, ${q(wanted.table)}, [${q(column.name)}], [${q(wanted.column)}]${column.foreignKey?.ondelete ? `, ondelete=${q(column.foreignKey.ondelete)}` : ''})\``,
      });
    } else if (!wanted && fks.length > 0) {
      found.push({
        message: `Column ${name} has a foreign key to \`${fks[0]?.referent?.table ?? ''}\` after the migrations but none in the model (${where(model, column)}), so the database rejects rows the model allows.`,
        help: `add \`ForeignKey(...)\` to the model column, or drop the constraint in a new revision`,
      });
    } else if (wanted && fks.length > 0) {
      const fk = fks[0];
      const target = fk?.referent ? `${fk.referent.table}.${fk.referent.columns.join(',')}` : '';
      const ondeleteDiffers = (fk?.ondelete ?? '').toUpperCase() !== (column.foreignKey?.ondelete ?? '').toUpperCase();
      if (target !== `${wanted.table}.${wanted.column}` || ondeleteDiffers) {
        found.push({
          message: `Column ${name} references \`${target}\`${fk?.ondelete ? ` ON DELETE ${fk.ondelete}` : ''} after the migrations but \`${wanted.table}.${wanted.column}\`${column.foreignKey?.ondelete ? ` ON DELETE ${column.foreignKey.ondelete}` : ''} in the model (${where(model, column)}), so deletes and inserts behave differently than the model says.`,
          help: 'recreate the foreign key in a new revision (drop_constraint, then create_foreign_key with the model\'s target and ondelete), or change the model',
        });
      }
    }
  }
  for (const name of table.columns.keys()) {
    if (model.columns.some((column) => column.name === name)) continue;
    const migrated = table.columns.get(name);
    found.push({
      message: `Column \`${model.name}.${name}\` exists after the migrations but not in the model (${where(model)}), so ${migrated && !migrated.nullable && migrated.serverDefault === null ? 'inserts through the model fail (it is NOT NULL without a default)' : 'autogenerate will propose dropping it'}.`,
      help: `add it to the model, or drop it in a new revision: \`op.drop_column(${q(model.name)}, ${q(name)})\``,
    });
  }
  for (const constraint of model.constraints) {
    if (constraint.columns.length < 2) continue;
    const present = constraint.unique ? uniqueOn(constraint.columns) : indexesOn(constraint.columns).length > 0;
    if (present) continue;
    const what = constraint.kind === 'unique' ? 'unique constraint' : constraint.unique ? 'unique index' : 'index';
    found.push({
      message: `The model's ${what} ${constraint.name ? `\`${constraint.name}\` ` : ''}on (${constraint.columns.join(', ')}) (${model.file}:${constraint.line}) does not exist after the migrations, so ${constraint.unique ? 'the database accepts duplicates the model forbids' : 'lookups by those columns scan the table'}.`,
      help:
        constraint.kind === 'unique'
          ? `add it in a new revision: \`op.create_unique_constraint(${q(constraint.name ?? `uq_${model.name}_${constraint.columns.join('_')}`)}, ${q(model.name)}, ${q(constraint.columns)})\``
          : `add it in a new revision: \`op.create_index(${q(constraint.name ?? `ix_${model.name}_${constraint.columns.join('_')}`)}, ${q(model.name)}, ${q(constraint.columns)}, unique=${constraint.unique ? 'True' : 'False'})\``,
    });
  }
  return found;
}

function check(context: RuleContext): Report[] {
  const { models, schemaHead, isHead, upgrade } = context;
  if (!isHead || !models || models.length === 0 || !schemaHead) return [];
  const reports: Report[] = [];
  for (const model of models) {
    const table = schemaHead.tables.get(model.name);
    const place = placeForTable(upgrade, model.name);
    const differences: Difference[] = table
      ? columnDifferences(context, model, table, models)
      : [
          {
            message: `Table \`${model.name}\` of the model (${where(model)}) is never created by the migrations, so every query on it fails with "no such table".`,
            help: `autogenerate a revision for it, or add \`op.create_table(${JSON.stringify(model.name)}, ...)\` with the model's columns`,
          },
        ];
    if (differences.length === 0) continue;
    const uncertain = schemaUncertainty(schemaHead, model.name);
    if (uncertain) {
      const first = differences[0];
      reports.push(cannotVerify(place, `table \`${model.name}\` against its model (${differences.length} apparent difference${differences.length === 1 ? '' : 's'}, e.g. ${first?.message.split(', so')[0]})`, uncertain, 'compare the table with its model by hand, or make the code at that line plain operations the replay can follow'));
      continue;
    }
    for (const difference of differences) reports.push({ ...place, ...difference });
  }
  return reports;
}

export const modelMismatch: Rule = {
  id: 'model-mismatch',
  group: 'models',
  defaultSeverity: 'error',
  docs: {
    what:
      'For the head revision, replays every migration\'s `upgrade()` in history order into a schema and compares each model table with it: missing or extra tables and columns, type and length, nullability, unique, index, foreign key target and `ondelete`. Tables touched by code the replay cannot follow get an info "cannot verify" instead.',
    why: 'When migrations and models disagree, the application queries columns that do not exist, inserts fail on constraints the model does not know, and autogenerate keeps proposing the same change.',
    example: '# models.py\nbio = Column(String(255), nullable=True)\n\n# head migration\nop.add_column("user", sa.Column("bio", sa.Text(), nullable=True))',
    fix: 'op.add_column("user", sa.Column("bio", sa.String(length=255), nullable=True))',
  },
  check,
};

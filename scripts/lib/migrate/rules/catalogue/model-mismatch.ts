import { batchBlock } from '../../ops/render.js';
import type { Origin, SchemaColumn, SchemaTable } from '../../ops/replay.js';
import { compareTypes, describeType } from '../../ops/sqltypes.js';
import type { ModelColumn, ModelTable } from '../../../models/parse.js';
import { cannotVerify, placeForTable, schemaUncertainty, unknownState } from '../helpers.js';
import { modelColumnCode, modelTarget, modelTypeCode, sameColumns, unreadableModelsNote } from '../models.js';
import type { Report, Rule, RuleContext } from '../types.js';

/** One disagreement: the message is "<what>, so <consequence>." */
interface Difference {
  what: string;
  consequence: string;
  help: string;
}

/** A model table and the table the migrations produce for it. */
interface Pair {
  context: RuleContext;
  model: ModelTable;
  table: SchemaTable;
  models: ModelTable[];
}

const q = JSON.stringify;

function where(model: ModelTable, line = model.line): string {
  return `${model.file}:${line}`;
}

/** The fix belongs where the difference comes from: this revision, or a new one after an older revision. */
function fixIn(pair: Pair, origin: Origin): string {
  return origin.file === pair.context.file ? 'in this revision' : 'in a new revision';
}

/** Suggested `alter_column` code: plain on most databases, batch on SQLite. */
function alterCode(pair: Pair, args: string): string {
  const table = pair.model.name;
  return pair.context.dialect === 'sqlite' ? `${batchBlock(table)} batch_op.alter_column(${args})` : `op.alter_column(${q(table)}, ${args})`;
}

function indexesOn(table: SchemaTable, columns: string[]) {
  return table.indexes.filter((index) => sameColumns(index.columns, columns));
}

function uniqueOn(table: SchemaTable, columns: string[]): boolean {
  return table.constraints.some((constraint) => constraint.kind === 'unique' && sameColumns(constraint.columns, columns)) || indexesOn(table, columns).some((index) => index.unique);
}

function typeAndNullability(pair: Pair, column: ModelColumn, migrated: SchemaColumn): Difference[] {
  const found: Difference[] = [];
  const name = `\`${pair.model.name}.${column.name}\``;
  const here = fixIn(pair, migrated.origin);
  const modelType = { name: column.type ?? '', length: column.length };
  if (column.type && migrated.type && compareTypes(modelType, migrated.type) === 'different') {
    found.push({
      what: `Column ${name} is ${describeType(migrated.type)} after the migrations but ${describeType(modelType)} in the model (${where(pair.model, column.line)})`,
      consequence: 'values the model accepts may not fit and autogenerate keeps proposing the change',
      help: `change the column ${here}: \`${alterCode(pair, `${q(column.name)}, existing_type=${migrated.type.text}, type_=${modelTypeCode(column)}`)}\`, or change the model`,
    });
  }
  if (column.nullable !== migrated.nullable && !column.primaryKey) {
    found.push({
      what: `Column ${name} is ${migrated.nullable ? 'nullable' : 'NOT NULL'} after the migrations but ${column.nullable ? 'nullable' : 'NOT NULL'} in the model (${where(pair.model, column.line)})`,
      consequence: migrated.nullable ? 'the database accepts NULLs the model forbids' : 'inserts that leave it empty fail',
      help: `change it ${here}: \`${alterCode(pair, `${q(column.name)}, existing_type=${migrated.type?.text ?? modelTypeCode(column)}, nullable=${column.nullable ? 'True' : 'False'}`)}\`, or change the model`,
    });
  }
  return found;
}

/** Unique and index flags; a primary key is unique and indexed by itself, whatever the model says. */
function uniqueAndIndex(pair: Pair, column: ModelColumn, migrated: SchemaColumn): Difference[] {
  if (column.primaryKey) return [];
  const { model, table } = pair;
  const found: Difference[] = [];
  const name = `\`${model.name}.${column.name}\``;
  const here = fixIn(pair, migrated.origin);
  const wantsUnique = column.unique || model.constraints.some((constraint) => constraint.unique && sameColumns(constraint.columns, [column.name]));
  const wantsIndex = column.index || model.constraints.some((constraint) => constraint.kind === 'index' && sameColumns(constraint.columns, [column.name]));
  const hasUnique = uniqueOn(table, [column.name]);
  const indexes = indexesOn(table, [column.name]);
  if (wantsUnique !== hasUnique) {
    found.push({
      what: `Column ${name} is ${hasUnique ? '' : 'not '}unique after the migrations but ${wantsUnique ? '' : 'not '}unique in the model (${where(model, column.line)})`,
      consequence: hasUnique ? 'inserts the model allows fail on duplicates' : 'the database accepts duplicates the model forbids',
      help: hasUnique
        ? `drop the unique constraint or index ${here}, or add \`unique=True\` to the model`
        : `add it ${here}: \`op.create_unique_constraint(op.f(${q(`uq_${model.name}_${column.name}`)}), ${q(model.name)}, [${q(column.name)}])\`, or remove \`unique=True\` from the model`,
    });
  }
  // a unique index stands for `unique=True` without `index=True`
  const extra = wantsIndex ? undefined : indexes.find((index) => !(index.unique && wantsUnique));
  if (wantsIndex && indexes.length === 0) {
    found.push({
      what: `Column ${name} has \`index=True\` in the model (${where(model, column.line)}) but no index after the migrations`,
      consequence: 'lookups by it scan the whole table',
      help: `add it ${here}: \`op.create_index(op.f(${q(`ix_${model.name}_${column.name}`)}), ${q(model.name)}, [${q(column.name)}], unique=${wantsUnique ? 'True' : 'False'})\``,
    });
  } else if (extra) {
    found.push({
      what: `Column ${name} has index \`${extra.name}\` after the migrations but no \`index=True\` in the model (${where(model, column.line)})`,
      consequence: 'autogenerate will propose dropping it',
      help: `add \`index=True\` to the model column, or drop the index ${fixIn(pair, extra.origin)}: \`op.drop_index(op.f(${q(extra.name)}), table_name=${q(model.name)})\``,
    });
  }
  return found;
}

function foreignKey(pair: Pair, column: ModelColumn, migrated: SchemaColumn): Difference[] {
  const { model, table, models } = pair;
  const name = `\`${model.name}.${column.name}\``;
  const here = fixIn(pair, migrated.origin);
  const fk = table.constraints.find((constraint) => constraint.kind === 'foreignkey' && sameColumns(constraint.columns, [column.name]));
  const wanted = column.foreignKey ? modelTarget(column.foreignKey.target, models) : undefined;
  const ondelete = column.foreignKey?.ondelete ?? null;
  if (wanted && !fk) {
    return [
      {
        what: `Column ${name} references \`${wanted.table}.${wanted.column}\` in the model (${where(model, column.line)}) but has no foreign key after the migrations`,
        consequence: 'the database accepts rows that point nowhere',
        help: `add it ${here}: \`op.create_foreign_key(op.f(${q(`fk_${model.name}_${column.name}_${wanted.table}`)}), ${q(model.name)}, ${q(wanted.table)}, [${q(column.name)}], [${q(wanted.column)}]${ondelete ? `, ondelete=${q(ondelete)}` : ''})\``,
      },
    ];
  }
  if (!wanted && fk) {
    return [
      {
        what: `Column ${name} has a foreign key to \`${fk.referent?.table ?? ''}\` after the migrations but none in the model (${where(model, column.line)})`,
        consequence: 'the database rejects rows the model allows',
        help: `add \`ForeignKey(...)\` to the model column, or drop the constraint ${fixIn(pair, fk.origin)}`,
      },
    ];
  }
  if (!wanted || !fk) return [];
  const target = fk.referent ? `${fk.referent.table}.${fk.referent.columns.join(',')}` : '';
  if (target === `${wanted.table}.${wanted.column}` && (fk.ondelete ?? '').toUpperCase() === (ondelete ?? '').toUpperCase()) return [];
  return [
    {
      what: `Column ${name} references \`${target}\`${fk.ondelete ? ` ON DELETE ${fk.ondelete}` : ''} after the migrations but \`${wanted.table}.${wanted.column}\`${ondelete ? ` ON DELETE ${ondelete}` : ''} in the model (${where(model, column.line)})`,
      consequence: 'deletes and inserts behave differently than the model says',
      help: `recreate the foreign key ${fixIn(pair, fk.origin)} (drop_constraint, then create_foreign_key with the model's target and ondelete), or change the model`,
    },
  ];
}

function columnDifferences(pair: Pair): Difference[] {
  const { model, table, models } = pair;
  const found: Difference[] = [];
  for (const column of model.columns) {
    const migrated = table.columns.get(column.name);
    if (!migrated) {
      found.push({
        what: `Column \`${model.name}.${column.name}\` of the model (${where(model, column.line)}) does not exist after the migrations`,
        consequence: 'queries through the model fail with "no such column"',
        help: `add it ${fixIn(pair, table.origin)}: \`op.add_column(${q(model.name)}, ${modelColumnCode(column, models)})\``,
      });
      continue;
    }
    found.push(...typeAndNullability(pair, column, migrated), ...uniqueAndIndex(pair, column, migrated), ...foreignKey(pair, column, migrated));
  }
  for (const migrated of table.columns.values()) {
    if (model.columns.some((column) => column.name === migrated.name)) continue;
    found.push({
      what: `Column \`${model.name}.${migrated.name}\` exists after the migrations but not in the model (${where(model)})`,
      consequence: !migrated.nullable && migrated.serverDefault === null ? 'inserts through the model fail (it is NOT NULL without a default)' : 'autogenerate will propose dropping it',
      help: `add it to the model, or drop it ${fixIn(pair, migrated.origin)}: \`op.drop_column(${q(model.name)}, ${q(migrated.name)})\``,
    });
  }
  for (const constraint of model.constraints) {
    if (constraint.columns.length < 2) continue;
    const present = constraint.unique ? uniqueOn(table, constraint.columns) : indexesOn(table, constraint.columns).length > 0;
    if (present) continue;
    const what = constraint.kind === 'unique' ? 'unique constraint' : constraint.unique ? 'unique index' : 'index';
    const name = constraint.name ?? `${constraint.kind === 'unique' ? 'uq' : 'ix'}_${model.name}_${constraint.columns.join('_')}`;
    found.push({
      what: `The model's ${what} ${constraint.name ? `\`${constraint.name}\` ` : ''}on (${constraint.columns.join(', ')}) (${where(model, constraint.line)}) does not exist after the migrations`,
      consequence: constraint.unique ? 'the database accepts duplicates the model forbids' : 'lookups by those columns scan the table',
      help:
        constraint.kind === 'unique'
          ? `add it ${fixIn(pair, table.origin)}: \`op.create_unique_constraint(${q(name)}, ${q(model.name)}, ${q(constraint.columns)})\``
          : `add it ${fixIn(pair, table.origin)}: \`op.create_index(${q(name)}, ${q(model.name)}, ${q(constraint.columns)}, unique=${constraint.unique ? 'True' : 'False'})\``,
    });
  }
  return found;
}

function check(context: RuleContext): Report[] {
  const { models, unreadableModels, schemaHead, isHead, upgrade } = context;
  if (!isHead || !models || models.length === 0 || !schemaHead) return [];
  const reports: Report[] = [];
  for (const model of models) {
    const table = schemaHead.tables.get(model.name);
    const place = placeForTable(upgrade, model.name);
    const differences: Difference[] = table
      ? columnDifferences({ context, model, table, models })
      : [
          {
            what: `Table \`${model.name}\` of the model (${where(model)}) is never created by the migrations`,
            consequence: 'every query on it fails with "no such table"',
            help: `autogenerate a revision for it, or add \`op.create_table(${q(model.name)}, ...)\` with the model's columns`,
          },
        ];
    const first = differences[0];
    if (!first) continue;
    const count = `${differences.length} apparent difference${differences.length === 1 ? '' : 's'}`;
    // what was read of a model file that does not parse may be cut short by the error
    const unreadable = unreadableModelsNote(unreadableModels.filter((file) => file.file === model.file));
    if (unreadable) {
      reports.push(unknownState(place, `table \`${model.name}\` against its model (${count}, e.g. ${first.what})`, unreadable.reason, unreadable.help));
      continue;
    }
    const uncertain = schemaUncertainty(schemaHead, model.name);
    if (uncertain) {
      reports.push(cannotVerify(place, `table \`${model.name}\` against its model (${count}, e.g. ${first.what})`, uncertain, 'compare the table with its model by hand, or make that code plain operations the replay can follow'));
      continue;
    }
    for (const difference of differences) reports.push({ ...place, message: `${difference.what}, so ${difference.consequence}.`, help: difference.help });
  }
  return reports;
}

export const modelMismatch: Rule = {
  id: 'model-mismatch',
  group: 'models',
  defaultSeverity: 'error',
  docs: {
    what:
      'For the head revision, replays every migration\'s `upgrade()` in history order into a schema and compares each model table with it: missing or extra tables and columns, type and length, nullability, unique, index, foreign key target and `ondelete`. Tables touched by code the replay cannot follow, or declared in a model file that cannot be read, get an info "cannot verify" instead.',
    why: 'When migrations and models disagree, the application queries columns that do not exist, inserts fail on constraints the model does not know, and autogenerate keeps proposing the same change.',
    example: '# models.py\nbio = Column(String(255), nullable=True)\n\n# head migration\nop.add_column("user", sa.Column("bio", sa.Text(), nullable=True))',
    fix: 'op.add_column("user", sa.Column("bio", sa.String(length=255), nullable=True))',
  },
  check,
};

import { changesSchema, expectationsOf, related, type Expectation } from '../../ops/inverse.js';
import { placed } from '../../ops/render.js';
import type { Operation } from '../../ops/types.js';
import { blockerOf, cannotVerify, code, tablesCreated, unfollowable, unknownState } from '../helpers.js';
import type { Report, Rule, RuleContext } from '../types.js';

interface Pair {
  up: Operation;
  upIndex: number;
  down: Operation;
  downIndex: number;
}

function tableOf(op: Operation): string | null {
  return 'table' in op && typeof op.table === 'string' ? op.table : null;
}

/**
 * Ops on a table that upgrade() creates need no inverse of their own when downgrade() drops the table, unless
 * downgrade() first touches what they involve (dropping an indexed column before the table fails on SQLite).
 */
function droppedWithTable(op: Operation, created: Set<string>, downOps: Operation[]): boolean {
  const table = tableOf(op);
  const drop = downOps.findIndex((down) => down.kind === 'drop_table' && down.table === table);
  return op.kind !== 'create_table' && table !== null && created.has(table) && drop >= 0 && !downOps.slice(0, drop).some((down) => related(down, op));
}

/** `table.column` of every column upgrade() adds, under the name it ends up with. */
function columnsAdded(upOps: Operation[]): Set<string> {
  const added = new Set<string>();
  for (const op of upOps) {
    if (op.kind === 'add_column') added.add(`${op.table}.${op.definition.name}`);
    if (op.kind === 'alter_column' && op.newColumnName && added.has(`${op.table}.${op.columnName}`)) added.add(`${op.table}.${op.newColumnName}`);
  }
  return added;
}

/**
 * A change to a column that upgrade() itself adds (made NOT NULL after a backfill, given a default, retyped)
 * needs no inverse of its own when downgrade() drops the column: the drop undoes every change to it.
 */
function droppedWithColumn(op: Operation, added: Set<string>, downOps: Operation[]): boolean {
  if (op.kind !== 'alter_column') return false;
  const names = [op.columnName, op.newColumnName ?? op.columnName];
  if (!names.some((name) => added.has(`${op.table}.${name}`))) return false;
  return downOps.some((down) => (down.kind === 'drop_column' && down.table === op.table && names.includes(down.columnName)) || (down.kind === 'drop_table' && down.table === op.table));
}

/** "before `op.drop_column("user", "bio")` (line 30)": where a missing inverse goes, after the inverses of later operations. */
function insertionPoint(upIndex: number, up: Operation, pairs: Pair[]): string {
  const anchor = pairs.filter((pair) => pair.upIndex < upIndex && related(pair.up, up)).sort((a, b) => a.downIndex - b.downIndex)[0];
  return anchor ? `, before ${code(anchor.down)} (line ${anchor.down.line})` : '';
}

function missing(context: RuleContext, expectation: Expectation, up: Operation, upIndex: number, pairs: Pair[]): Report {
  const blocker = unfollowable(context.downgrade, tableOf(up));
  const help = `in downgrade(), add ${placed(expectation.inverse)}${insertionPoint(upIndex, up, pairs)}`;
  if (blocker) return cannotVerify(up, `that downgrade() undoes ${code(up)}`, blockerOf(blocker), help);
  if (expectation.unknownPrior !== undefined) {
    return unknownState(up, `that downgrade() restores ${expectation.about ?? 'what upgrade() changes'}`, `${expectation.unknownPrior}, so what it was before this migration is unknown`, `if it differed before, restore it in downgrade(): ${placed(expectation.inverse)}`);
  }
  return {
    line: up.line,
    column: up.column,
    message: `downgrade() never undoes ${code(up)}, so a downgrade ${expectation.consequence}.`,
    help,
  };
}

/** Each upgrade operation's inverse, matched to downgrade operations, then checked for definition and order. */
function check(context: RuleContext): Report[] {
  const { upgrade, downgrade, schemaBefore, namingConvention } = context;
  if (!downgrade.defined || downgrade.empty || downgrade.ops[0]?.kind === 'raise') return [];
  const downOps = downgrade.ops;
  const created = tablesCreated(upgrade.ops);
  const added = columnsAdded(upgrade.ops);
  const claimed = new Set<Operation>();
  const pairs: Pair[] = [];
  const reports: Report[] = [];

  upgrade.ops.forEach((up, upIndex) => {
    for (const expectation of expectationsOf(up, schemaBefore, namingConvention)) {
      const downIndex = downOps.findIndex((down) => expectation.matches(down) && (expectation.shared || !claimed.has(down)));
      const down = downOps[downIndex];
      if (!down) {
        if (!droppedWithTable(up, created, downOps) && !droppedWithColumn(up, added, downOps)) reports.push(missing(context, expectation, up, upIndex, pairs));
        continue;
      }
      claimed.add(down);
      pairs.push({ up, upIndex, down, downIndex });
      const difference = expectation.difference(down);
      if (difference) {
        reports.push({
          line: down.line,
          column: down.column,
          message: `downgrade() does not restore what upgrade() changed: ${difference}, so a downgrade leaves a different schema than before.`,
          help: `write ${placed(expectation.inverse)} instead`,
        });
      }
    }
  });

  const misordered = new Set<Operation>();
  for (const later of pairs) {
    for (const earlier of pairs) {
      if (earlier.upIndex >= later.upIndex || earlier.down === later.down || misordered.has(later.down)) continue;
      if (later.downIndex < earlier.downIndex || !(related(earlier.up, later.up) || related(earlier.down, later.down))) continue;
      misordered.add(later.down);
      reports.push({
        line: later.down.line,
        column: later.down.column,
        message: `downgrade() runs ${code(later.down)} after ${code(earlier.down)} (line ${earlier.down.line}), but upgrade() did them the other way round, so the downgrade fails or undoes the wrong state.`,
        help: `move ${code(later.down)} before line ${earlier.down.line}: downgrade() undoes upgrade() in reverse order`,
      });
    }
  }

  const upgradeUnknown = unfollowable(upgrade);
  const dropsCreated = (table: string | null) => table !== null && created.has(table) && downOps.some((down) => down.kind === 'drop_table' && down.table === table);
  const implied = new Set(upgrade.ops.flatMap((op) => (op.kind === 'add_column' && (op.definition.index || op.definition.unique || op.definition.foreignKeys.length) ? [op.table] : [])));
  // an alter_column the upgrade made without a change we model (a comment, a no-op nullable) may be undone freely
  const altered = new Set(upgrade.ops.flatMap((op) => (op.kind === 'alter_column' ? [`${op.table}.${op.columnName}`, `${op.table}.${op.newColumnName ?? op.columnName}`] : [])));
  for (const down of downOps) {
    if (claimed.has(down) || !changesSchema(down) || down.kind === 'execute' || dropsCreated(tableOf(down))) continue;
    if (down.kind === 'alter_column' && altered.has(`${down.table}.${down.columnName}`)) continue;
    if ((down.kind === 'drop_index' || down.kind === 'drop_constraint') && (implied.has(tableOf(down) ?? '') || created.has(tableOf(down) ?? ''))) continue;
    if (upgradeUnknown) {
      reports.push(cannotVerify(down, `that ${code(down)} undoes something upgrade() did`, blockerOf(upgradeUnknown), 'make sure upgrade() does what this undoes'));
      continue;
    }
    reports.push({
      line: down.line,
      column: down.column,
      message: `downgrade() runs ${code(down)}, which undoes nothing upgrade() did, so a downgrade changes the schema beyond this revision.`,
      help: 'remove it, or add the operation it undoes to upgrade()',
    });
  }
  return reports;
}

export const downgradeNotInverse: Rule = {
  id: 'downgrade-not-inverse',
  group: 'reversibility',
  defaultSeverity: 'error',
  docs: {
    what:
      'Checks that `downgrade()` undoes `upgrade()` exactly: every operation has its inverse (create/drop table, add/drop column, create/drop index, foreign key, unique and check constraints, `alter_column` type, nullability, default and rename), an inverse restores what existed before as the replayed history shows it (same type, nullability, server default, columns, CHECK condition), inverses run in reverse order, and `downgrade()` does nothing `upgrade()` did not. Dropping a column or table that upgrade() adds undoes every change upgrade() made to it. Where the history does not show the earlier state (a column created outside the migrations), a missing inverse is an info "cannot verify" with the reason. Batch and plain forms count as the same operation.',
    why: 'A downgrade that leaves an index or column behind makes the next upgrade fail with "already exists"; one that drops a column before its index fails on SQLite; one that recreates a column with another type silently changes the schema. Each is found when someone needs to roll back in a hurry.',
    example:
      'def upgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.add_column(sa.Column("bio", sa.Text(), nullable=True))\n        batch_op.create_index(batch_op.f("ix_user_bio"), ["bio"], unique=False)\n\ndef downgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.drop_column("bio")',
    fix: 'def downgrade():\n    with op.batch_alter_table("user", schema=None) as batch_op:\n        batch_op.drop_index(batch_op.f("ix_user_bio"))\n        batch_op.drop_column("bio")',
  },
  check,
};

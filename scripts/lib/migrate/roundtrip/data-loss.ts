import type { Severity } from '../../findings/schema.js';
import type { Counts, TableCounts } from '../../throwaway/protocol.js';

export interface Loss {
  severity: Severity;
  message: string;
  help: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function tables(counts: Counts): Map<string, TableCounts> {
  return new Map(counts.tables.map((table) => [table.name, table]));
}

function column(table: TableCounts | undefined, name: string) {
  return table?.columns.find((candidate) => candidate.name === name);
}

const renameHelp = (table: string, from: string, to: string) =>
  `Rename in place, which keeps the values: op.alter_column("${table}", "${from}", new_column_name="${to}") (batch_op.alter_column inside batch_alter_table on SQLite); or copy them with an UPDATE before the drop.`;

/** Rows and values the upgrade lost, compared with the sample data inserted before it. */
export function upgradeLosses(before: Counts, after: Counts): Loss[] {
  const losses: Loss[] = [];
  const now = tables(after);
  for (const table of before.tables) {
    if (table.rows === 0) continue;
    const upgraded = now.get(table.name);
    if (!upgraded) {
      losses.push({
        severity: 'warning',
        message: `the upgrade drops table ${table.name} and its ${plural(table.rows, 'row')}`,
        help: 'If the rows are still needed, copy them first or use op.rename_table; if dropping them is intended, nothing to do.',
      });
      continue;
    }
    if (upgraded.rows < table.rows) {
      losses.push({
        severity: 'error',
        message: `the upgrade deletes ${upgraded.rows === 0 ? 'all' : table.rows - upgraded.rows} of ${plural(table.rows, 'row')} of ${table.name}`,
        help: 'A schema change should keep the rows: look for DELETE statements, or a table rebuilt without copying its data.',
      });
      continue;
    }
    const added = upgraded.columns.filter((candidate) => !column(table, candidate.name)).map((candidate) => candidate.name);
    for (const old of table.columns) {
      const kept = column(upgraded, old.name);
      if (!kept) {
        if (old.nonNull === 0) continue;
        const [renamed] = added;
        losses.push(
          renamed
            ? {
                severity: 'error',
                message: `the upgrade drops ${table.name}.${old.name} (${plural(old.nonNull, 'value')}) and adds ${added.map((name) => `${table.name}.${name}`).join(', ')} without them: a rename done as drop + add loses the data`,
                help: renameHelp(table.name, old.name, renamed),
              }
            : {
                severity: 'warning',
                message: `the upgrade drops column ${table.name}.${old.name} and its ${plural(old.nonNull, 'value')}`,
                help: 'If the values are still needed, move them first; if dropping them is intended, nothing to do.',
              },
        );
        continue;
      }
      if (kept.nonNull < old.nonNull) {
        losses.push({
          severity: 'error',
          message: `the upgrade loses ${old.nonNull - kept.nonNull} of ${plural(old.nonNull, 'value')} of ${table.name}.${old.name} (now NULL)`,
          help: 'A type or column change should convert the values: add a USING clause or an UPDATE that carries them over.',
        });
      }
      if (kept.length !== null && kept.overlong > old.overlong) {
        losses.push({
          severity: 'error',
          message: `after the upgrade ${plural(kept.overlong - old.overlong, 'value')} of ${table.name}.${old.name} ${kept.overlong - old.overlong === 1 ? 'exceeds' : 'exceed'} its new length of ${kept.length}: SQLite keeps them, PostgreSQL refuses the change and MySQL truncates them`,
          help: `Shorten or clean the values in the migration before narrowing ${table.name}.${old.name}, or keep the longer type.`,
        });
      }
    }
  }
  return losses;
}

/** Rows and values the downgrade lost: everything that existed before the upgrade and survived it must survive the downgrade. */
export function downgradeLosses(before: Counts, afterUpgrade: Counts, afterDowngrade: Counts): Loss[] {
  const losses: Loss[] = [];
  const upgraded = tables(afterUpgrade);
  const downgraded = tables(afterDowngrade);
  const help = 'The downgrade must undo only what the upgrade did: drop what the upgrade added, restore what it changed, nothing else.';
  for (const table of before.tables) {
    const up = upgraded.get(table.name);
    if (!up) continue;
    const rows = Math.min(table.rows, up.rows);
    const down = downgraded.get(table.name);
    if (!down) {
      if (rows > 0) losses.push({ severity: 'error', message: `the downgrade drops table ${table.name} and its ${plural(rows, 'row')}`, help });
      continue;
    }
    if (down.rows < rows) {
      losses.push({ severity: 'error', message: `the downgrade deletes ${rows - down.rows} of ${plural(rows, 'row')} of ${table.name}`, help });
      continue;
    }
    for (const old of table.columns) {
      const kept = column(up, old.name);
      if (!kept) continue;
      const values = Math.min(old.nonNull, kept.nonNull);
      if (values === 0) continue;
      const restored = column(down, old.name);
      if (!restored) losses.push({ severity: 'error', message: `the downgrade drops column ${table.name}.${old.name} and its ${plural(values, 'value')}`, help });
      else if (restored.nonNull < values) {
        losses.push({ severity: 'error', message: `the downgrade loses ${values - restored.nonNull} of ${plural(values, 'value')} of ${table.name}.${old.name}`, help });
      }
    }
  }
  return losses;
}

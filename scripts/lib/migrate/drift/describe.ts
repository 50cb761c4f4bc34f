import type { Difference } from '../../throwaway/protocol.js';

const on = (difference: Difference) => `${difference.table ?? '?'}(${difference.columns.join(', ')})`;
const nullability = (value: string | null) => (value === 'True' ? 'NULL' : value === 'False' ? 'NOT NULL' : (value ?? 'none'));

/** One line per difference, in the words of Alembic's autogenerate: `add_table: post`, `modify_type: user.name VARCHAR(255) -> VARCHAR(8)`. */
export function describeDifference(difference: Difference): string {
  const { kind, table, column, name, from, to } = difference;
  const where = `${table ?? '?'}.${column ?? '?'}`;
  switch (kind) {
    case 'add_table':
    case 'remove_table':
    case 'add_table_comment':
    case 'remove_table_comment':
      return `${kind}: ${table ?? '?'}`;
    case 'add_column':
    case 'remove_column':
      return `${kind}: ${where}${to ? ` ${to}` : ''}`;
    case 'add_index':
    case 'remove_index':
      return `${kind}: ${name ?? 'unnamed'} ${to === 'unique' ? 'unique ' : ''}on ${on(difference)}`;
    case 'add_constraint':
    case 'remove_constraint':
      return `${kind}: ${name ?? 'unnamed'} ${to ?? 'constraint'} on ${on(difference)}`;
    case 'add_fk':
    case 'remove_fk':
      return `${kind}: ${name ?? 'unnamed'} ${on(difference)} -> ${to ?? '?'}`;
    case 'modify_nullable':
      return `${kind}: ${where} ${nullability(from)} -> ${nullability(to)}`;
    default:
      if (kind.startsWith('modify_')) return `${kind}: ${where} ${from ?? 'none'} -> ${to ?? 'none'}`;
      return `${kind}: ${name ?? table ?? ''}`;
  }
}

/** What to do about it, by the side that has the thing: the models (add_*), the migrations (remove_*), or both (modify_*). */
export function driftHelp(difference: Difference): string {
  if (difference.kind.startsWith('add_')) {
    return 'The models have it and the migrations do not: create a migration for it (stk-migrate new "<message>" autogenerates one), or revert the model change.';
  }
  if (difference.kind.startsWith('remove_')) return 'The migrations create it and the models do not: drop it in a new migration, or put it back into the models.';
  return 'The models and the migrations disagree: write a migration that alters it, or change the model back.';
}

import { renderOperation } from '../ops/render.js';
import { uncertaintyOf, type Origin, type Schema } from '../ops/replay.js';
import type { FunctionOps, Operation } from '../ops/types.js';
import type { Report } from './types.js';

/**
 * A list in a message, cut after a few items: a history with hundreds of heads (or a long cycle) would
 * otherwise repeat them all in each of hundreds of findings.
 */
export function listed(items: readonly string[], separator = ', ', shown = 5): string {
  return items.length > shown ? `${items.slice(0, shown).join(separator)} and ${items.length - shown} more` : items.join(separator);
}

/** `op.drop_column("user", "bio")` in backticks, for messages. */
export function code(op: Operation): string {
  return `\`${renderOperation(op)}\``;
}

/** Code in a function that may change `table` (or any table) without the model seeing how. */
export function unfollowable(fn: FunctionOps, table?: string | null): Operation | undefined {
  return fn.ops.find(
    (op) =>
      (op.kind === 'opaque' && op.schemaEffect !== 'none' && (op.table === null || table === undefined || table === null || op.table === table)) ||
      (op.kind === 'execute' && op.ddl !== false && (op.ddlTables === null || table === undefined || table === null || op.ddlTables.includes(table))),
  );
}

/** A "cannot verify" note at `where`, naming the code the model could not follow. */
export function cannotVerify(where: { line: number; column: number }, what: string, blocker: { line: number; reason?: string; file?: string }, help: string): Report {
  const place = blocker.file ? `${blocker.file}:${blocker.line}` : `line ${blocker.line}`;
  const why = blocker.reason ? ` (${blocker.reason})` : '';
  return { ...where, severity: 'info', message: `Cannot verify ${what}: code at ${place}${why} is beyond what stk-migrate follows.`, help };
}

/** A "cannot verify" note for what depends on a state the replayed history does not show, with the reason. */
export function unknownState(where: { line: number; column: number }, what: string, reason: string, help: string): Report {
  return { ...where, severity: 'info', message: `Cannot verify ${what}: ${reason}.`, help };
}

export function blockerOf(op: Operation): { line: number; reason: string } {
  return { line: op.line, reason: op.kind === 'opaque' ? op.reason : 'raw DDL in op.execute()' };
}

/** The first place the replay could not follow for this table, if any. */
export function schemaUncertainty(schema: Schema, table: string): (Origin & { reason: string }) | undefined {
  return uncertaintyOf(schema, table)[0];
}

export function tablesCreated(ops: Operation[]): Set<string> {
  return new Set(ops.flatMap((op) => (op.kind === 'create_table' ? [op.table] : [])));
}

/** Where a finding about the whole function goes: its `def` line. */
export function defLine(fn: FunctionOps): { line: number; column: number } {
  return { line: fn.line, column: fn.column };
}

/** The first upgrade operation on `table`, or the `def upgrade` line: where a finding about a table goes. */
export function placeForTable(fn: FunctionOps, table: string): { line: number; column: number } {
  const op = fn.ops.find((item) => 'table' in item && item.table === table);
  return op ? { line: op.line, column: op.column } : defLine(fn);
}

/** Columns of `table` that code among `ops` fills with the values of `from` (`UPDATE t SET new = old`, `t.update().values(new=t.c.old)`). */
export function copiedInto(ops: Operation[], table: string, from: string): string[] {
  return ops.flatMap((op) => ((op.kind === 'execute' || op.kind === 'opaque') && op.sets ? op.sets.filter((set) => set.table === table && set.source === from).map((set) => set.column) : []));
}

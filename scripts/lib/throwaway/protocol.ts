import { z } from 'zod';

/** What scripts/python/stk_migrate_helper.py answers, op by op; every answer is validated before use. */

export const PythonErrorSchema = z.object({
  /** The exception's class name, e.g. `IntegrityError`, `ForeignDatabaseError`. */
  type: z.string(),
  /** The line a Python traceback ends with, e.g. `sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) NOT NULL ...`. */
  message: z.string(),
  /** The innermost frame inside a versions folder: the migration file (absolute) and its line. */
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  traceback: z.string(),
});
export type PythonError = z.infer<typeof PythonErrorSchema>;

export const AnswerSchema = z.union([
  z.object({ id: z.number().int().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int().nullable(), ok: z.literal(false), error: PythonErrorSchema }),
]);

export const HelloSchema = z.object({ protocol: z.literal(1), python: z.string(), alembic: z.string(), sqlalchemy: z.string() });
export type Hello = z.infer<typeof HelloSchema>;

export const EmptySchema = z.object({});

export const RevisionInfoSchema = z.object({
  revision: z.string(),
  downRevisions: z.array(z.string()),
  path: z.string(),
  message: z.string(),
  upgradeLine: z.number().int().nullable(),
  downgradeLine: z.number().int().nullable(),
});
export type RevisionInfo = z.infer<typeof RevisionInfoSchema>;

export const RevisionsSchema = z.object({ revisions: z.array(RevisionInfoSchema), heads: z.array(z.string()) });

export const CurrentSchema = z.object({
  heads: z.array(z.string()),
  dialect: z.string(),
  versionTable: z.string(),
  hasTargetMetadata: z.boolean(),
});
export type Current = z.infer<typeof CurrentSchema>;

export const ColumnSnapshotSchema = z.object({ name: z.string(), type: z.string(), nullable: z.boolean(), default: z.string().nullable() });
const NamedColumnsSchema = z.object({ name: z.string().nullable(), columns: z.array(z.string()) });

export const TableSnapshotSchema = z.object({
  name: z.string(),
  columns: z.array(ColumnSnapshotSchema),
  primaryKey: NamedColumnsSchema,
  indexes: z.array(NamedColumnsSchema.extend({ unique: z.boolean() })),
  uniques: z.array(NamedColumnsSchema),
  foreignKeys: z.array(
    NamedColumnsSchema.extend({
      referredTable: z.string().nullable(),
      referredColumns: z.array(z.string()),
      onDelete: z.string().nullable(),
      onUpdate: z.string().nullable(),
    }),
  ),
  checks: z.array(z.object({ name: z.string().nullable(), sqltext: z.string() })),
});
export type TableSnapshot = z.infer<typeof TableSnapshotSchema>;

/** The schema as SQLAlchemy's inspector reflects it, the version table left out. */
export const SnapshotSchema = z.object({ tables: z.array(TableSnapshotSchema) });
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const TableCountsSchema = z.object({
  name: z.string(),
  rows: z.number().int(),
  columns: z.array(
    z.object({
      name: z.string(),
      nonNull: z.number().int(),
      /** The declared length of a string column, or null. */
      length: z.number().int().nullable(),
      /** Values longer than `length` (SQLite keeps them where other databases refuse or cut). */
      overlong: z.number().int(),
    }),
  ),
});
export type TableCounts = z.infer<typeof TableCountsSchema>;

export const CountsSchema = z.object({ tables: z.array(TableCountsSchema) });
export type Counts = z.infer<typeof CountsSchema>;

export const SampleSchema = z.object({
  inserted: z.record(z.string(), z.number().int()),
  skipped: z.array(z.object({ table: z.string(), inserted: z.number().int(), reason: z.string() })),
});
export type Sample = z.infer<typeof SampleSchema>;

/** One item of Alembic's compare_metadata(): `add_table`, `add_column`, `modify_type`, `remove_index`, ... */
export const DifferenceSchema = z.object({
  kind: z.string(),
  table: z.string().nullable(),
  column: z.string().nullable(),
  name: z.string().nullable(),
  columns: z.array(z.string()),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type Difference = z.infer<typeof DifferenceSchema>;

export const DriftSchema = z.object({ differences: z.array(DifferenceSchema) });

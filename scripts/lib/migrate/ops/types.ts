import type { ColumnWrite } from './sql.js';

export type { ColumnWrite };

/** A column type as written: `sa.String(length=255)` -> { name: "String", length: 255, text: "sa.String(length=255)" }. */
export interface ColumnType {
  /** The type's class name without module, e.g. `String`, `VARCHAR`, `JSONB`. */
  name: string;
  /** The first size argument (`length`, or precision for numerics), when it is a literal. */
  length: number | null;
  /** Source text, for messages and suggested code. */
  text: string;
}

export interface ForeignKeyRef {
  /** `table.column` as written in `ForeignKey(...)` / `ForeignKeyConstraint(...)`. */
  table: string;
  column: string;
  ondelete: string | null;
  /** `sa.ForeignKey(..., name="fk_...")`, else null. */
  name: string | null;
}

/** One `sa.Column(...)`. */
export interface ColumnDef {
  name: string;
  type: ColumnType | null;
  nullable: boolean;
  primaryKey: boolean;
  unique: boolean;
  index: boolean;
  /** Source text of `server_default=...`, or null. */
  serverDefault: string | null;
  /** What the default is: a quoted value, SQL in `text("...")` (its text in `serverDefaultSql`), or another expression such as `sa.func.now()`. */
  serverDefaultKind: 'value' | 'sql' | 'expression' | null;
  serverDefaultSql: string | null;
  /** The default as the database sees it, for comparing two spellings (`"0"`, `sa.text("0")`): see `defaultValue`. */
  serverDefaultValue: string | null;
  foreignKeys: ForeignKeyRef[];
  /** Source text of the whole `sa.Column(...)` call. */
  text: string;
  line: number;
  column: number;
}

export type ConstraintKind = 'primary' | 'unique' | 'foreignkey' | 'check';

/** A table-level constraint inside `op.create_table(...)`. */
export interface ConstraintDef {
  kind: ConstraintKind;
  name: string | null;
  /** Whether the name came through `op.f(...)`, i.e. as the final name rather than through a naming convention. */
  nameViaF: boolean;
  columns: string[];
  /** For foreign keys: the referenced table and columns. */
  referent: { table: string; columns: string[] } | null;
  ondelete: string | null;
  /** For check constraints: the condition's source text. */
  condition: string | null;
  line: number;
  column: number;
}

interface OpBase {
  line: number;
  column: number;
  /** True for `batch_op.*` calls inside `with op.batch_alter_table(...)`. */
  batch: boolean;
  schema: string | null;
}

export interface CreateTableOp extends OpBase {
  kind: 'create_table';
  table: string;
  columns: ColumnDef[];
  constraints: ConstraintDef[];
}

export interface DropTableOp extends OpBase {
  kind: 'drop_table';
  table: string;
}

export interface RenameTableOp extends OpBase {
  kind: 'rename_table';
  table: string;
  newName: string;
}

export interface AddColumnOp extends OpBase {
  kind: 'add_column';
  table: string;
  /** The `sa.Column(...)` being added. */
  definition: ColumnDef;
  /** `inline_references=True` (Alembic 1.16+): the foreign key goes into the ADD COLUMN itself. */
  inlineReferences: boolean;
}

export interface DropColumnOp extends OpBase {
  kind: 'drop_column';
  table: string;
  columnName: string;
}

/** `alter_column`: a field is undefined when the call does not pass it. */
export interface AlterColumnOp extends OpBase {
  kind: 'alter_column';
  table: string;
  columnName: string;
  newColumnName: string | undefined;
  nullable: boolean | undefined;
  type: ColumnType | undefined;
  /** Source text, null for `server_default=None`; undefined when not passed. */
  serverDefault: string | null | undefined;
  /** `serverDefault` as the database sees it (see `defaultValue`). */
  serverDefaultValue: string | null | undefined;
  existingType: ColumnType | undefined;
  existingNullable: boolean | undefined;
  existingServerDefault: string | null | undefined;
  existingServerDefaultValue: string | null | undefined;
}

export interface CreateIndexOp extends OpBase {
  kind: 'create_index';
  name: string;
  nameViaF: boolean;
  table: string;
  /** Column names; expressions (`sa.text("lower(email)")`) keep their source text. */
  columns: string[];
  unique: boolean;
}

export interface DropIndexOp extends OpBase {
  kind: 'drop_index';
  name: string;
  nameViaF: boolean;
  /** Null when a non-batch call leaves out `table_name`. */
  table: string | null;
}

export interface CreateForeignKeyOp extends OpBase {
  kind: 'create_foreign_key';
  name: string | null;
  nameViaF: boolean;
  table: string;
  referentTable: string;
  localColumns: string[];
  remoteColumns: string[];
  ondelete: string | null;
}

export interface CreateUniqueConstraintOp extends OpBase {
  kind: 'create_unique_constraint';
  name: string | null;
  nameViaF: boolean;
  table: string;
  columns: string[];
}

export interface CreateCheckConstraintOp extends OpBase {
  kind: 'create_check_constraint';
  name: string | null;
  nameViaF: boolean;
  table: string;
  condition: string;
}

export interface CreatePrimaryKeyOp extends OpBase {
  kind: 'create_primary_key';
  name: string | null;
  nameViaF: boolean;
  table: string;
  columns: string[];
}

export interface DropConstraintOp extends OpBase {
  kind: 'drop_constraint';
  name: string | null;
  nameViaF: boolean;
  table: string;
  /** `type_=`: null when not passed. */
  type: ConstraintKind | null;
}

export interface ExecuteOp extends OpBase {
  kind: 'execute';
  /** `string` for a bare literal, `text` for `text("...")`/`sa.text("...")`, `expression` for anything else. */
  form: 'string' | 'text' | 'expression';
  /** The SQL when it is a literal. */
  sql: string | null;
  /** Whether the statement changes the schema: true for CREATE/ALTER/DROP/..., null when unknown. */
  ddl: boolean | null;
  /** Tables a DDL statement names, when it can be read (`ALTER TABLE x`); null when unknown. */
  ddlTables: string[] | null;
  /** Tables whose rows it writes (`UPDATE x`): empty when it writes none, null when it may write rows of unknown tables. */
  writes: string[] | null;
  /** Columns of existing rows it sets (`UPDATE x SET a = b`): empty when none, null when it may set columns that cannot be read. */
  sets: ColumnWrite[] | null;
}

export interface BulkInsertOp extends OpBase {
  kind: 'bulk_insert';
  /** The table of `sa.table("name", ...)`, when it can be followed. */
  table: string | null;
}

export interface TableCommentOp extends OpBase {
  kind: 'table_comment';
  table: string;
}

/** A `raise` statement: code after it never runs; in downgrade() it documents an irreversible migration. */
export interface RaiseOp extends OpBase {
  kind: 'raise';
  text: string;
}

/** Code the model cannot follow: loops, conditionals, helper calls, `op.get_bind()`, non-literal arguments. */
export interface OpaqueOp extends OpBase {
  kind: 'opaque';
  /** Why it cannot be followed, e.g. "a for loop", "non-literal argument `table_name`". */
  reason: string;
  /** The batch table when the code sits inside `batch_alter_table`, else null. */
  table: string | null;
  /**
   * `none` when every call in it is known to leave the schema alone (a data migration through `op.get_bind()`:
   * no DDL text, no schema operation, no helper or outside function); `unknown` otherwise.
   */
  schemaEffect: 'none' | 'unknown';
  /** Tables whose rows its SQL writes, as for `op.execute`. */
  writes: string[] | null;
  /** Columns of existing rows it sets, as for `op.execute`. */
  sets: ColumnWrite[] | null;
  /** First line of the source text. */
  text: string;
}

export type Operation =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreateForeignKeyOp
  | CreateUniqueConstraintOp
  | CreateCheckConstraintOp
  | CreatePrimaryKeyOp
  | DropConstraintOp
  | ExecuteOp
  | BulkInsertOp
  | TableCommentOp
  | RaiseOp
  | OpaqueOp;

export type OperationKind = Operation['kind'];
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** `upgrade()` or `downgrade()`. */
export interface FunctionOps {
  name: 'upgrade' | 'downgrade';
  /** False when the module has no such function. */
  defined: boolean;
  /** Position of the `def` (1, 1 when not defined). */
  line: number;
  column: number;
  /** True when the body holds nothing but `pass`, `...`, a docstring and comments. */
  empty: boolean;
  ops: Operation[];
}

export interface MigrationOps {
  upgrade: FunctionOps;
  downgrade: FunctionOps;
}

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Synthetic stk-shaped projects for the benchmark: a Quart app package whose `<pkg>/<feature>/models.py`
 * hold the models, an autogenerate-style history that builds exactly that schema (linear, with a few
 * branch + merge pairs), the example's alembic.ini, env.py and `db` command group (so Alembic and the
 * seed's `quart db current` run on it), a SQLite database at the head, and a git repository.
 * Everything is derived from a seed, so the same size gives the same files.
 */

const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(benchDir, '..');
export const projectsDir = join(benchDir, 'projects');
const example = join(repoRoot, 'examples', 'stk-app');
const PACKAGE = 'benchapp';

export interface ProjectSize {
  migrations: number;
  models: number;
}

export const projectName = (size: ProjectSize) => `m${size.migrations}-t${size.models}`;

/** mulberry32: small, fast, and the same sequence on every machine (the fuzz suite draws from it too). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ColumnType = { kind: 'Integer' } | { kind: 'String'; length: number } | { kind: 'Text' } | { kind: 'Boolean' } | { kind: 'DateTime' } | { kind: 'JSON' };

interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
  index: boolean;
  unique: boolean;
  primaryKey?: boolean;
  foreignKey?: { table: string; ondelete?: string };
  /** Python default of the model (`datetime.now`), not rendered in migrations. */
  default?: string;
  /** server_default, rendered in models and migrations alike. */
  serverDefault?: string;
}

interface Table {
  name: string;
  className: string;
  feature: string;
  columns: Column[];
  /** The `@declared_attr` column from the feature's mixin, when the class uses it. */
  mixin: boolean;
  /** Relationship to the parent model, when the table has a foreign key to one. */
  relation?: { attribute: string; className: string; column: string };
}

interface Association {
  variable: string;
  name: string;
  feature: string;
  left: Table;
  right: Table;
}

const features = [
  'accounts', 'billing', 'catalog', 'orders', 'shipping', 'inventory', 'reports', 'messaging', 'calendar', 'projects',
  'support', 'content', 'media', 'search', 'teams', 'payments', 'reviews', 'analytics', 'preferences', 'audit',
  'learning', 'events', 'forms', 'wiki', 'crm', 'hr', 'assets', 'tickets', 'surveys', 'vendors',
];
const nouns = [
  'item', 'entry', 'record', 'profile', 'invoice', 'product', 'order', 'shipment', 'note', 'comment',
  'task', 'plan', 'asset', 'message', 'thread', 'event', 'ticket', 'review', 'page', 'document',
  'slot', 'batch', 'rule', 'tag', 'group', 'member', 'budget', 'quota', 'token', 'reminder',
];
const columnWords = [
  'title', 'summary', 'notes', 'status', 'priority', 'score', 'label', 'code', 'reference', 'color',
  'archived', 'visible', 'position', 'weight', 'source', 'channel', 'locale', 'timezone', 'rating', 'budget',
  'external_id', 'checksum', 'settings', 'metadata_json', 'approved_at', 'expires_at', 'reviewed_at', 'version', 'slug', 'kind',
];

const camel = (name: string) => name.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');

/** The final schema: every model table with all the columns its history adds. */
interface Schema {
  tables: Table[];
  associations: Association[];
}

type Step =
  | { kind: 'create'; tables: Table[]; associations: Association[] }
  | { kind: 'add'; table: Table; column: Column }
  | { kind: 'merge' };

interface Migration {
  revision: string;
  parents: string[];
  message: string;
  step: Step;
}

interface History {
  schema: Schema;
  migrations: Migration[];
  head: string;
}

function buildHistory(size: ProjectSize, seed: number): History {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const hex = () => Array.from({ length: 12 }, () => Math.floor(rand() * 16).toString(16)).join('');
  const used = new Set<string>();
  const revisionId = () => {
    let id = hex();
    while (used.has(id)) id = hex();
    used.add(id);
    return id;
  };

  // Models: ten per feature, each with an id, a name, a foreign key to the previous model of its feature
  // (or to the first model of the previous feature), and created_at.
  const perFeature = 10;
  const featureCount = Math.ceil(size.models / perFeature);
  const tables: Table[] = [];
  const associations: Association[] = [];
  for (let f = 0; f < featureCount; f += 1) {
    const feature = `${features[f % features.length]}${f >= features.length ? `${Math.floor(f / features.length) + 1}` : ''}`;
    const inFeature = Math.min(perFeature, size.models - f * perFeature);
    const featureTables: Table[] = [];
    for (let m = 0; m < inFeature; m += 1) {
      const noun = nouns[(f * 7 + m) % nouns.length]!;
      const name = `${feature}_${noun}`;
      const parent = m > 0 ? featureTables[m - 1] : tables[(f - 1) * perFeature];
      const columns: Column[] = [
        { name: 'id', type: { kind: 'Integer' }, nullable: false, index: false, unique: false, primaryKey: true },
        { name: 'name', type: { kind: 'String', length: pick([80, 120, 255]) }, nullable: false, index: false, unique: m % 3 === 0 },
      ];
      const table: Table = { name, className: camel(name), feature, columns, mixin: m % 3 === 1 };
      if (parent) {
        const noun = parent.name.split('_').pop()!;
        const ondelete = m % 2 === 0 ? 'CASCADE' : undefined;
        columns.push({ name: `${noun}_id`, type: { kind: 'Integer' }, nullable: true, index: true, unique: false, foreignKey: { table: parent.name, ...(ondelete ? { ondelete } : {}) } });
        table.relation = { attribute: `parent_${noun}`, className: parent.className, column: `${noun}_id` };
      }
      columns.push({ name: 'created_at', type: { kind: 'DateTime' }, nullable: false, index: false, unique: false, default: 'datetime.now' });
      featureTables.push(table);
      tables.push(table);
    }
    if (featureTables.length >= 2) {
      const [left, right] = [featureTables[0]!, featureTables[1]!];
      associations.push({ variable: `${feature}_links`, name: `${feature}_links`, feature, left, right });
    }
  }

  // Creation spread over the first 60% of the history; every other step adds a column to a table
  // that exists by then, so the history ends at exactly the models' schema.
  const creationSpan = Math.max(1, Math.floor(size.migrations * 0.6));
  const creations = new Map<number, Table[]>();
  tables.forEach((table, index) => {
    const slot = Math.floor((index * creationSpan) / tables.length);
    creations.set(slot, [...(creations.get(slot) ?? []), table]);
  });
  // A few branch + merge pairs, after the tables exist (each pair takes three migrations in one slot).
  const merges = Math.max(1, Math.round(size.migrations / 400));
  const mergeRange = size.migrations - creationSpan - 2 * merges;
  const mergeSlots = new Set(Array.from({ length: merges }, (_, i) => creationSpan + Math.floor(((i + 1) * mergeRange) / (merges + 1))));

  const created: Table[] = [];
  const migrations: Migration[] = [];
  const addColumn = (table: Table): Column => {
    const taken = new Set(table.columns.map((column) => column.name));
    let name = pick(columnWords);
    for (let n = 2; taken.has(name); n += 1) name = `${pick(columnWords)}_${n}`;
    const roll = rand();
    let column: Column;
    // Foreign keys only to older tables, so the graph of tables stays acyclic as in a tidy project.
    const older = created.slice(0, created.indexOf(table));
    if (roll < 0.1 && older.length > 0) {
      const target = pick(older);
      const fkName = `${name}_${target.name.split('_').pop()}_id`;
      column = { name: taken.has(fkName) ? `${fkName}_${table.columns.length}` : fkName, type: { kind: 'Integer' }, nullable: true, index: true, unique: false, foreignKey: { table: target.name } };
    } else {
      const type = pick<ColumnType>([{ kind: 'String', length: pick([32, 64, 120, 255]) }, { kind: 'Integer' }, { kind: 'Text' }, { kind: 'Boolean' }, { kind: 'DateTime' }, { kind: 'JSON' }]);
      const notNull = type.kind === 'Boolean' && roll > 0.6;
      column = { name, type, nullable: !notNull, index: type.kind !== 'Text' && type.kind !== 'JSON' && roll > 0.75, unique: false, ...(notNull ? { serverDefault: '0' } : {}) };
    }
    table.columns.push(column);
    return column;
  };

  let tip: string | undefined;
  let slot = 0;
  while (migrations.length < size.migrations) {
    const toCreate = creations.get(slot);
    if (toCreate) {
      const newTables = toCreate;
      created.push(...newTables);
      const newAssociations = associations.filter((link) => newTables.includes(link.right));
      const names = newTables.map((table) => table.name);
      const message = newTables.length === 1 ? `create ${names[0]} table` : `create ${names[0]} and ${names.length - 1} more tables`;
      const revision = revisionId();
      migrations.push({ revision, parents: tip ? [tip] : [], message, step: { kind: 'create', tables: newTables, associations: newAssociations } });
      tip = revision;
    } else if (mergeSlots.has(slot) && created.length >= 2 && size.migrations - migrations.length >= 3) {
      // Two developers branch from the same revision; `alembic merge heads` joins them.
      const [first, second] = [pick(created), pick(created)];
      const branches = [first, second === first ? created.find((table) => table !== first)! : second].map((table) => {
        const column = addColumn(table);
        const revision = revisionId();
        migrations.push({ revision, parents: [tip!], message: `add ${column.name} to ${table.name}`, step: { kind: 'add', table, column } });
        return revision;
      });
      const revision = revisionId();
      migrations.push({ revision, parents: branches, message: 'merge heads', step: { kind: 'merge' } });
      tip = revision;
    } else {
      const table = pick(created);
      const column = addColumn(table);
      const revision = revisionId();
      migrations.push({ revision, parents: [tip!], message: `add ${column.name} to ${table.name}`, step: { kind: 'add', table, column } });
      tip = revision;
    }
    slot += 1;
  }
  return { schema: { tables, associations }, migrations, head: tip! };
}

// ---------------------------------------------------------------- rendering: migrations

const q = (value: string) => `'${value}'`;

function saType(type: ColumnType): string {
  return type.kind === 'String' ? `sa.String(length=${type.length})` : `sa.${type.kind}()`;
}

function saColumn(column: Column): string {
  const server = column.serverDefault !== undefined ? `, server_default=${q(column.serverDefault)}` : '';
  return `sa.Column(${q(column.name)}, ${saType(column.type)}${server}, nullable=${column.nullable && !column.primaryKey ? 'True' : 'False'})`;
}

const indexName = (table: string, column: string) => `ix_${table}_${column}`;
const foreignKeyName = (table: string, column: Column) => `fk_${table}_${column.name}_${column.foreignKey!.table}`;

/** Columns of a table as create_table sees them, the mixin's declared_attr column included. */
function creationColumns(table: Table, at: number): Column[] {
  const base = table.columns.slice(0, at);
  return table.mixin ? [...base, { name: 'updated_at', type: { kind: 'DateTime' }, nullable: true, index: true, unique: false }] : base;
}

function createTable(name: string, columns: Column[]): { up: string[]; down: string[] } {
  const lines = [`    op.create_table(${q(name)},`];
  for (const column of columns) lines.push(`    ${saColumn(column)},`);
  for (const column of columns) {
    if (!column.foreignKey) continue;
    const ondelete = column.foreignKey.ondelete ? `, ondelete=${q(column.foreignKey.ondelete)}` : '';
    lines.push(`    sa.ForeignKeyConstraint([${q(column.name)}], [${q(`${column.foreignKey.table}.id`)}], name=op.f(${q(foreignKeyName(name, column))})${ondelete}),`);
  }
  const primary = columns.filter((column) => column.primaryKey).map((column) => q(column.name));
  const uniques = columns.filter((column) => column.unique).map((column) => `    sa.UniqueConstraint(${q(column.name)}, name=op.f(${q(`uq_${name}_${column.name}`)}))`);
  if (primary.length > 0) lines.push(`    sa.PrimaryKeyConstraint(${primary.join(', ')}, name=op.f(${q(`pk_${name}`)}))${uniques.length > 0 ? ',' : ''}`);
  lines.push(...uniques.map((line, i) => (i < uniques.length - 1 ? `${line},` : line)));
  lines.push('    )');
  const indexed = columns.filter((column) => column.index);
  const down: string[] = [];
  if (indexed.length > 0) {
    lines.push(`    with op.batch_alter_table(${q(name)}, schema=None) as batch_op:`);
    for (const column of indexed) lines.push(`        batch_op.create_index(batch_op.f(${q(indexName(name, column.name))}), [${q(column.name)}], unique=False)`);
    lines.push('');
    down.push(`    with op.batch_alter_table(${q(name)}, schema=None) as batch_op:`);
    for (const column of [...indexed].reverse()) down.push(`        batch_op.drop_index(batch_op.f(${q(indexName(name, column.name))}))`);
    down.push('');
  }
  down.push(`    op.drop_table(${q(name)})`);
  return { up: lines, down };
}

function associationColumns(link: Association): Column[] {
  return [link.left, link.right].map((table) => ({ name: `${table.name.slice(link.feature.length + 1)}_id`, type: { kind: 'Integer' }, nullable: true, index: true, unique: false, foreignKey: { table: table.name } }));
}

function migrationBody(migration: Migration, columnsAt: Map<Table, number>): { up: string[]; down: string[] } {
  const { step } = migration;
  if (step.kind === 'merge') return { up: ['    pass'], down: ['    pass'] };
  if (step.kind === 'create') {
    const parts = [
      ...step.tables.map((table) => createTable(table.name, creationColumns(table, columnsAt.get(table)!))),
      ...step.associations.map((link) => createTable(link.name, associationColumns(link))),
    ];
    return {
      up: ['    # ### commands auto generated by Alembic - please adjust! ###', ...parts.flatMap((part) => part.up), '    # ### end Alembic commands ###'],
      down: ['    # ### commands auto generated by Alembic - please adjust! ###', ...[...parts].reverse().flatMap((part) => part.down), '    # ### end Alembic commands ###'],
    };
  }
  const { table, column } = step;
  const up = [`    # ### commands auto generated by Alembic - please adjust! ###`, `    with op.batch_alter_table(${q(table.name)}, schema=None) as batch_op:`, `        batch_op.add_column(${saColumn(column)})`];
  const down = [`    # ### commands auto generated by Alembic - please adjust! ###`, `    with op.batch_alter_table(${q(table.name)}, schema=None) as batch_op:`];
  if (column.index) up.push(`        batch_op.create_index(batch_op.f(${q(indexName(table.name, column.name))}), [${q(column.name)}], unique=False)`);
  if (column.foreignKey) {
    up.push(`        batch_op.create_foreign_key(batch_op.f(${q(foreignKeyName(table.name, column))}), ${q(column.foreignKey.table)}, [${q(column.name)}], ['id'])`);
    down.push(`        batch_op.drop_constraint(batch_op.f(${q(foreignKeyName(table.name, column))}), type_='foreignkey')`);
  }
  if (column.index) down.push(`        batch_op.drop_index(batch_op.f(${q(indexName(table.name, column.name))}))`);
  down.push(`        batch_op.drop_column(${q(column.name)})`);
  return { up: [...up, '', '    # ### end Alembic commands ###'], down: [...down, '', '    # ### end Alembic commands ###'] };
}

/** Alembic's file-name slug: the message's words, lower case, cut at a word boundary near 40 characters. */
function slug(message: string): string {
  const words = message.toLowerCase().match(/\w+/g) ?? [];
  let out = '';
  for (const word of words) {
    const next = out ? `${out}_${word}` : word;
    if (next.length > 40 && out) break;
    out = next;
  }
  return out;
}

/** Seven hours apart from January 2023, with the microseconds Alembic writes. */
function createDate(index: number): string {
  const date = new Date(Date.UTC(2023, 0, 2, 9, 0, 0) + index * 7 * 3_600_000);
  return `${date.toISOString().replace('T', ' ').slice(0, 19)}.${String((index * 7919) % 1_000_000).padStart(6, '0')}`;
}

function renderMigration(migration: Migration, index: number, columnsAt: Map<Table, number>): string {
  const down = migration.parents.length === 0 ? 'None' : migration.parents.length === 1 ? `"${migration.parents[0]}"` : `(${migration.parents.map((p) => `"${p}"`).join(', ')})`;
  const { up, down: downgrade } = migrationBody(migration, columnsAt);
  return [
    `"""${migration.message}`,
    '',
    `Revision ID: ${migration.revision}`,
    `Revises: ${migration.parents.join(', ')}`,
    `Create Date: ${createDate(index)}`,
    '',
    '"""',
    'import sqlalchemy as sa',
    'from alembic import op',
    '',
    '# revision identifiers, used by Alembic.',
    `revision = "${migration.revision}"`,
    `down_revision = ${down}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade():',
    ...up,
    '',
    '',
    'def downgrade():',
    ...downgrade,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- rendering: models and database

function modelColumn(column: Column): string {
  const type = column.type.kind === 'String' ? `String(${column.type.length})` : column.type.kind;
  const args = [type];
  if (column.foreignKey) args.push(`ForeignKey("${column.foreignKey.table}.id"${column.foreignKey.ondelete ? `, ondelete="${column.foreignKey.ondelete}"` : ''})`);
  if (column.primaryKey) args.push('primary_key=True');
  if (column.unique) args.push('unique=True');
  if (column.index) args.push('index=True');
  if (column.default) args.push(`default=${column.default}`);
  if (column.serverDefault !== undefined) args.push(`server_default="${column.serverDefault}"`);
  if (!column.primaryKey) args.push(`nullable=${column.nullable ? 'True' : 'False'}`);
  return `    ${column.name} = Column(${args.join(', ')})`;
}

function renderModels(feature: string, tables: Table[], links: Association[]): string {
  const mixin = `${camel(feature)}AuditMixin`;
  const lines = [
    `"""Models of the ${feature} feature."""`,
    'import dataclasses',
    'from datetime import datetime',
    '',
    'from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text',
    'from sqlalchemy.orm import declared_attr, relationship',
    '',
    `from ${PACKAGE}.extensions import Base`,
    '',
    '',
    `class ${mixin}:`,
    '    """Adds an indexed `updated_at`; a declared_attr so each table gets its own column."""',
    '',
    '    @declared_attr',
    '    def updated_at(cls):',
    '        return Column(DateTime, nullable=True, index=True)',
    '',
  ];
  for (const link of links) {
    lines.push('', `${link.variable} = Table(`, `    "${link.name}",`, '    Base.metadata,');
    for (const column of associationColumns(link)) lines.push(`    Column("${column.name}", Integer, ForeignKey("${column.foreignKey!.table}.id"), index=True),`);
    lines.push(')', '');
  }
  for (const table of tables) {
    lines.push('', '@dataclasses.dataclass(eq=False)', `class ${table.className}(${table.mixin ? `${mixin}, ` : ''}Base):`, `    __tablename__ = "${table.name}"`, '');
    lines.push(...table.columns.map(modelColumn));
    if (table.relation) lines.push('', `    ${table.relation.attribute} = relationship("${table.relation.className}", foreign_keys=[${table.relation.column}], lazy="selectin")`);
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}(?=\S)/g, '\n\n\n')}\n`;
}

function sqliteType(type: ColumnType): string {
  return type.kind === 'String' ? `VARCHAR(${type.length})` : { Integer: 'INTEGER', Text: 'TEXT', Boolean: 'BOOLEAN', DateTime: 'DATETIME', JSON: 'JSON' }[type.kind];
}

/** The schema at head as SQLite DDL, so the database has a realistic sqlite_master, plus alembic_version. */
function databaseScript(schema: Schema, head: string): string {
  const statements: string[] = [];
  const tableSql = (name: string, columns: Column[]) => {
    const defs = columns.map((column) => `  ${column.name} ${sqliteType(column.type)}${column.nullable && !column.primaryKey ? '' : ' NOT NULL'}${column.serverDefault !== undefined ? ` DEFAULT '${column.serverDefault}'` : ''}`);
    const primary = columns.filter((column) => column.primaryKey).map((column) => column.name);
    if (primary.length > 0) defs.push(`  CONSTRAINT pk_${name} PRIMARY KEY (${primary.join(', ')})`);
    for (const column of columns.filter((c) => c.foreignKey)) defs.push(`  CONSTRAINT ${foreignKeyName(name, column)} FOREIGN KEY(${column.name}) REFERENCES ${column.foreignKey!.table} (id)`);
    for (const column of columns.filter((c) => c.unique)) defs.push(`  CONSTRAINT uq_${name}_${column.name} UNIQUE (${column.name})`);
    statements.push(`CREATE TABLE ${name} (\n${defs.join(',\n')}\n);`);
    for (const column of columns.filter((c) => c.index)) statements.push(`CREATE INDEX ${indexName(name, column.name)} ON ${name} (${column.name});`);
  };
  for (const table of schema.tables) tableSql(table.name, creationColumns(table, table.columns.length));
  for (const link of schema.associations) tableSql(link.name, associationColumns(link));
  statements.push('CREATE TABLE alembic_version (\n  version_num VARCHAR(32) NOT NULL,\n  CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);');
  statements.push(`INSERT INTO alembic_version (version_num) VALUES ('${head}');`);
  return statements.join('\n');
}

// ---------------------------------------------------------------- the project

/** The example's app skeleton, with the package renamed: the same env.py, settings and `db` group. */
const skeleton = [
  'alembic.ini',
  'alembic/env.py',
  'alembic/script.py.mako',
  'run.py',
  '.env',
  '.env-sample',
  'stkapp/__init__.py',
  'stkapp/extensions.py',
  'stkapp/migrations.py',
  'stkapp/settings.py',
  'stkapp/cli/__init__.py',
  'stkapp/cli/db.py',
];

/**
 * The app factory: the example's own imports its blueprints (users, blog, sign-in) and their models, which
 * a generated project does not have; this one binds the database and registers the same `db` group, all
 * that `quart db current` needs.
 */
const appFactory = `from quart import Quart

from ${PACKAGE}.cli.db import db as db_cli
from ${PACKAGE}.extensions import db
from ${PACKAGE}.settings import Config


def create_app(config_object=Config):
    app = Quart(__name__.split(".")[0])
    app.config.from_object(config_object)
    db.init_app(app)
    app.cli.add_command(db_cli)
    return app
`;

/** Changes when this generator or the example files it copies change: the projects are then rebuilt. */
function generatorStamp(size: ProjectSize, seed: number): string {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of skeleton) hash.update(file).update(readFileSync(join(example, file)));
  return `${hash.update(JSON.stringify({ size, seed })).digest('hex')}\n`;
}

export interface GeneratedProject {
  name: string;
  root: string;
  size: ProjectSize;
  head: string;
  /** The head revision's file, absolute. */
  headFile: string;
  appPackage: string;
}

interface Manifest {
  head: string;
  headFile: string;
}

function write(root: string, file: string, content: string | Buffer): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function generate(root: string, size: ProjectSize, seed: number, python: string): Manifest {
  const history = buildHistory(size, seed);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const file of skeleton) {
    write(root, file.replace(/^stkapp\//, `${PACKAGE}/`), readFileSync(join(example, file), 'utf8').replaceAll('stkapp', PACKAGE).replaceAll('stk-app', 'benchapp'));
  }
  write(root, `${PACKAGE}/app.py`, appFactory);
  write(root, 'pyproject.toml', `[project]\nname = "${PACKAGE}"\nversion = "0.1.0"\ndescription = "A synthetic stk-shaped project (${size.migrations} migrations, ${size.models} models) for the stk-migrate benchmark"\nrequires-python = ">=3.10"\ndependencies = ["quart>=0.18", "sqlalchemy>=1.4", "alembic>=1.8", "aiosqlite>=0.17", "python-dotenv>=0.21"]\n`);
  write(root, '.gitignore', 'instance/\n__pycache__/\n.bench-*\n');

  // Each migration sees the columns its table had when it was written: replay the history in order.
  const columnsAt = new Map<Table, number>();
  const baseCount = new Map<Table, number>();
  for (const table of history.schema.tables) baseCount.set(table, table.columns.findIndex((column) => column.name === 'created_at') + 1);
  let headFile = '';
  history.migrations.forEach((migration, index) => {
    if (migration.step.kind === 'create') for (const table of migration.step.tables) columnsAt.set(table, baseCount.get(table)!);
    const file = `alembic/versions/${migration.revision}_${slug(migration.message)}.py`;
    write(root, file, renderMigration(migration, index, columnsAt));
    if (migration.revision === history.head) headFile = file;
  });

  const byFeature = new Map<string, Table[]>();
  for (const table of history.schema.tables) byFeature.set(table.feature, [...(byFeature.get(table.feature) ?? []), table]);
  for (const [feature, tables] of byFeature) {
    write(root, `${PACKAGE}/${feature}/__init__.py`, '');
    write(root, `${PACKAGE}/${feature}/models.py`, renderModels(feature, tables, history.schema.associations.filter((link) => link.feature === feature)));
  }

  mkdirSync(join(root, 'instance'), { recursive: true });
  execFileSync(python, ['-c', 'import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.executescript(sys.stdin.read())\nc.commit()\nc.close()', join(root, 'instance', 'stk.db')], {
    input: databaseScript(history.schema, history.head),
  });

  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_DATE: '2024-06-01T12:00:00Z', GIT_COMMITTER_DATE: '2024-06-01T12:00:00Z' },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', `synthetic project: ${size.migrations} migrations, ${size.models} models`);
  return { head: history.head, headFile };
}

/** The project of this size under bench/projects/, generated when missing or made by another generator version. */
export function ensureProject(size: ProjectSize, python = '/usr/bin/python3', seed = 20260326): GeneratedProject {
  const name = projectName(size);
  const root = join(projectsDir, name);
  const stampFile = join(root, '.bench-generator');
  const manifestFile = join(root, '.bench-manifest.json');
  const stamp = generatorStamp(size, seed);
  let manifest: Manifest;
  if (existsSync(stampFile) && existsSync(manifestFile) && readFileSync(stampFile, 'utf8') === stamp) {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } else {
    manifest = generate(root, size, seed, python);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    writeFileSync(stampFile, stamp);
  }
  return { name, root, size, head: manifest.head, headFile: join(root, manifest.headFile), appPackage: PACKAGE };
}

/**
 * Proof that a generated history is real: Alembic upgrades a fresh SQLite database to head, autogenerate
 * then finds no difference from the models, and the downgrades go back to base.
 */
const verifyScript = `
import sys, tempfile, os
sys.path.insert(0, ".")
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from ${PACKAGE}.extensions import Base
from ${PACKAGE}.migrations import build_config, import_models
path = os.path.join(tempfile.mkdtemp(), "verify.db")
config = build_config("sqlite:///" + path)
config.attributes["configure_logger"] = False
command.upgrade(config, "head")
import_models()
engine = create_engine("sqlite:///" + path)
with engine.connect() as connection:
    diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True}), Base.metadata)
engine.dispose()
command.downgrade(config, "base")
os.remove(path)
os.rmdir(os.path.dirname(path))
print(len(diff), diff[:3])
sys.exit(1 if diff else 0)
`;

export function verifyProject(project: GeneratedProject, python = '/usr/bin/python3'): string {
  return execFileSync(python, ['-c', verifyScript], { cwd: project.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// `tsx bench/generate.ts [--verify]`: generate every size (and prove the histories of up to 1000 migrations).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const verify = process.argv.includes('--verify');
  for (const migrations of [100, 1000, 5000]) {
    for (const models of [50, 200]) {
      const started = performance.now();
      const project = ensureProject({ migrations, models });
      const proof = verify && migrations <= 1000 ? `; upgrade to head, then ${verifyProject(project).split(' ')[0]} differences from the models, downgrade to base` : '';
      console.log(`${project.name}: head ${project.head} (${Math.round(performance.now() - started)} ms)${proof}`);
    }
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ruleTester as testRule, type InvalidExpectation, type RuleCases } from '../../helpers/rule-tester.js';
import type { Dialect } from '../../../scripts/lib/discover/types.js';
import type { Finding } from '../../../scripts/lib/findings/schema.js';
import { revisionGraph } from '../../../scripts/lib/migrate/graph.js';
import { readOperations } from '../../../scripts/lib/migrate/ops/read.js';
import { readMigrationHeader } from '../../../scripts/lib/migrate/header.js';
import { collectTables, readModelFile, type ModelTable } from '../../../scripts/lib/models/parse.js';
import { namingConventionOf } from '../../../scripts/lib/models/tables.js';
import { parsePython, parsePythonFile } from '../../../scripts/lib/parse/python.js';
import { analyzeMigration } from '../../../scripts/lib/migrate/rules/index.js';
import type { UnreadableModel } from '../../../scripts/lib/migrate/rules/types.js';
import { unreadableModelFiles } from '../../../scripts/lib/migrate/model-files.js';
import type { RuleConfig } from '../../../scripts/lib/rules/config.js';

export const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'migrations');

export function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

/** The base revision every test migration builds on: tables `user` and `post`. */
export const baseRevision = '1a2b3c4d5e6f';
export const baseMigration = () => fixture(`history/${baseRevision}_create_user_and_post.py`);

function indent(body: string): string {
  return body
    .trim()
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');
}

export interface MigrationParts {
  upgrade: string;
  downgrade?: string;
  revision?: string;
  /** Parent revision; the base fixture by default, null for a first revision. */
  down?: string | null | string[];
  branchLabels?: string[];
  /** Replaces the standard imports. */
  imports?: string;
  /** Lines placed right after the docstring (file-level suppression comments). */
  top?: string;
}

/** A revision file in the shape Alembic writes, with `upgrade()`/`downgrade()` bodies given without indentation. */
export function migration(parts: MigrationParts): string {
  const revision = parts.revision ?? '2c3d4e5f6a7b';
  const down = parts.down === undefined ? baseRevision : parts.down;
  const downCode = down === null ? 'None' : Array.isArray(down) ? `(${down.map((item) => JSON.stringify(item)).join(', ')})` : JSON.stringify(down);
  return [
    '"""test migration',
    '',
    `Revision ID: ${revision}`,
    '"""',
    ...(parts.top ? [parts.top] : []),
    parts.imports ?? 'from alembic import op\nimport sqlalchemy as sa',
    '',
    `revision = "${revision}"`,
    `down_revision = ${downCode}`,
    `branch_labels = ${parts.branchLabels ? `(${parts.branchLabels.map((label) => JSON.stringify(label)).join(', ')},)` : 'None'}`,
    'depends_on = None',
    '',
    '',
    'def upgrade():',
    indent(parts.upgrade),
    '',
    '',
    'def downgrade():',
    indent(parts.downgrade ?? 'pass'),
    '',
  ].join('\n');
}

/** 1-based line of the first line containing `snippet` (the `nth` one, from 1). */
export function lineOf(source: string, snippet: string, nth = 1): number {
  let seen = 0;
  const lines = source.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.includes(snippet) && ++seen === nth) return index + 1;
  }
  throw new Error(`snippet not found: ${snippet}`);
}

export interface AnalyzeOptions {
  /** Earlier revision files (full sources); the base fixture by default. Pass [] for none. */
  history?: string[];
  /** Whether the analysis gets the other revisions' operations (for the schema replay); true by default. */
  replay?: boolean;
  /** models.py sources. */
  models?: string[];
  dialect?: Dialect;
  config?: RuleConfig;
  /** File name of the migration under test; `<revision>_test.py` by default. */
  file?: string;
  /** The models' MetaData naming convention; by default the one the `models` sources declare. */
  namingConvention?: Record<string, string>;
}

async function readModels(sources: string[]): Promise<{ tables: ModelTable[]; namingConvention: Record<string, string> | undefined; unreadable: UnreadableModel[] }> {
  const files = [];
  for (const [index, source] of sources.entries()) files.push(readModelFile((await parsePython(source)).rootNode, `app/models${index}.py`));
  const unreadable = unreadableModelFiles(files).map(({ file, problem }) => ({ file, line: problem.line }));
  return { tables: collectTables(files), namingConvention: namingConventionOf(files), unreadable };
}

/** Parses the migration and its history the way the validate command will, and runs every rule. */
export async function analyze(source: string, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const history = options.history ?? [baseMigration()];
  const parsed = [];
  for (const [index, text] of [...history, source].entries()) {
    // as validate reads a file: bytes, decoded and checked as CPython would
    const file = await parsePythonFile(Buffer.from(text));
    const provisional = readMigrationHeader(file, 'x.py');
    const name = index === history.length && options.file ? options.file : `alembic/versions/${provisional.revision ?? `r${index}`}_test.py`;
    parsed.push({ root: file.root, walkable: file.walkable, header: readMigrationHeader(file, name) });
  }
  const graph = revisionGraph(parsed.map((item) => item.header));
  const current = parsed[parsed.length - 1];
  if (!current) throw new Error('no migration');
  const historyOps =
    options.replay === false
      ? undefined
      : new Map(parsed.flatMap((item) => (item.header.revision ? [[item.header.revision, readOperations(item.root).upgrade.ops] as const] : [])));
  const models = options.models ? await readModels(options.models) : undefined;
  return analyzeMigration({
    file: current.header.file,
    root: current.root,
    header: current.header,
    walkable: current.walkable,
    graph,
    history: historyOps,
    models: models?.tables,
    unreadableModels: models?.unreadable,
    dialect: options.dialect,
    config: options.config,
    namingConvention: options.namingConvention ?? models?.namingConvention,
  });
}

export function only(findings: Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}

export interface ValidCase extends AnalyzeOptions {
  name: string;
  code: string;
}

export type InvalidCase = ValidCase & InvalidExpectation;

/** The shared rule tester on migrations: every finding is located in the migration file. */
export function ruleTester(rule: string, cases: RuleCases<ValidCase>): void {
  testRule(rule, cases, (item) => analyze(item.code, item), (finding) => expect(finding.file).toMatch(/\.py$/));
}

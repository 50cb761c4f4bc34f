import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../scripts/lib/findings/schema.js';
import { revisionGraph } from '../../../scripts/lib/migrate/graph.js';
import { readOperations } from '../../../scripts/lib/migrate/ops/read.js';
import { readMigrationHeader } from '../../../scripts/lib/migrate/header.js';
import { collectTables, readModelFile } from '../../../scripts/lib/models/parse.js';
import { parsePython } from '../../../scripts/lib/parse/python.js';
import { analyzeMigration } from '../../../scripts/lib/migrate/rules/index.js';

const root = join(import.meta.dirname, '..', '..', '..', 'examples', 'stk-app');
const versions = join(root, 'alembic', 'versions');

/** Every migration of the example, analysed as the validate command will (SQLite, models read, full history). */
async function analyzeExample(edit: (file: string, source: string) => string = (_file, source) => source): Promise<Finding[]> {
  const migrations = [];
  for (const name of readdirSync(versions).filter((file) => file.endsWith('.py')).sort()) {
    const file = `alembic/versions/${name}`;
    const tree = await parsePython(edit(file, readFileSync(join(versions, name), 'utf8')));
    migrations.push({ file, root: tree.rootNode, header: readMigrationHeader(tree.rootNode, file) });
  }
  const modelFiles = [];
  const pkg = join(root, 'stkapp');
  for (const feature of readdirSync(pkg)) {
    const file = join(pkg, feature, 'models.py');
    if (existsSync(file)) modelFiles.push(readModelFile((await parsePython(readFileSync(file, 'utf8'))).rootNode, `stkapp/${feature}/models.py`));
  }
  const models = collectTables(modelFiles);
  const graph = revisionGraph(migrations.map((migration) => migration.header));
  const history = new Map(migrations.map((migration) => [migration.header.revision ?? '', readOperations(migration.root).upgrade.ops]));
  return migrations.flatMap((migration) => analyzeMigration({ ...migration, graph, history, models, dialect: 'sqlite' }));
}

describe.skipIf(!existsSync(versions))('examples/stk-app', () => {
  it('has migrations and models to check', async () => {
    expect(readdirSync(versions).filter((file) => file.endsWith('.py')).length).toBeGreaterThan(1);
  });

  it('produces no error-severity findings', async () => {
    const errors = (await analyzeExample()).filter((finding) => finding.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('would be caught if a downgrade forgot an index on an existing table', async () => {
    let edited = '';
    const findings = await analyzeExample((file, source) => {
      // the index of a column added to an existing table (dropping a new table takes its indexes with it)
      if (edited || !source.includes('batch_op.add_column(') || !source.includes('batch_op.drop_index(')) return source;
      edited = file;
      return source.replace(/\n\s*batch_op\.drop_index\(batch_op\.f\([^\n]*\)\)/, '');
    });
    expect(edited).not.toBe('');
    expect(findings.filter((finding) => finding.file === edited && finding.rule === 'downgrade-not-inverse' && finding.severity === 'error')).toHaveLength(1);
  });
});

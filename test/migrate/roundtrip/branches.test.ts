import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp.js';
import { cli, parseRoundtrip, plainAlembicProject } from './support.js';

const tempDir = useTempDirs();

function migration(revision: string, parents: string[], upgrade: string, downgrade: string): string {
  const down = parents.length === 0 ? 'None' : parents.length === 1 ? `"${parents[0]}"` : `(${parents.map((parent) => `"${parent}"`).join(', ')})`;
  return `"""${revision}\n\nRevision ID: ${revision}\n"""\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = "${revision}"\ndown_revision = ${down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    ${upgrade}\n\n\ndef downgrade():\n    ${downgrade}\n`;
}

describe('roundtrip on a history with two branches and a merge', () => {
  it('walks every revision, with a fresh database where the walk switches branches, and undoes the merge to both parents', async () => {
    const root = await plainAlembicProject(tempDir('branches'), 'generic');
    const versions = join(root, 'alembic', 'versions');
    const table = (name: string) => `op.create_table("${name}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("label", sa.String(20), nullable=False))`;
    writeFileSync(join(versions, 'b2b2b2b2b2b2_left.py'), migration('b2b2b2b2b2b2', ['a1a1a1a1a1a1'], table('left_side'), 'op.drop_table("left_side")'));
    writeFileSync(join(versions, 'c3c3c3c3c3c3_right.py'), migration('c3c3c3c3c3c3', ['a1a1a1a1a1a1'], table('right_side'), 'op.drop_table("right_side")'));
    writeFileSync(join(versions, 'd4d4d4d4d4d4_merge.py'), migration('d4d4d4d4d4d4', ['b2b2b2b2b2b2', 'c3c3c3c3c3c3'], 'pass', 'pass'));

    const all = await cli(root, ['roundtrip', '--all', '--format', 'json']);
    expect(all.stderr).toBe('');
    const report = parseRoundtrip(all.stdout);
    expect(report.findings).toEqual([]);
    expect(report.revisions.map((revision) => revision.revision).sort()).toEqual(['a1a1a1a1a1a1', 'b2b2b2b2b2b2', 'c3c3c3c3c3c3', 'd4d4d4d4d4d4']);
    expect(report.revisions.every((revision) => revision.status === 'passed')).toBe(true);
    // the merge round trip ran with both branches' tables, holding sample rows
    const merge = report.revisions.find((revision) => revision.revision === 'd4d4d4d4d4d4');
    expect(merge?.rows.left_side?.afterDowngrade).toBe(3);
    expect(merge?.rows.right_side?.afterDowngrade).toBe(3);

    const head = await cli(root, ['roundtrip', 'd4d4']);
    expect(head.exitCode).toBe(0);
    expect(head.stdout).toMatch(/passed\s+d4d4d4d4d4d4/);
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsReportSchema } from '../../../scripts/lib/findings/schema.js';
import { NewReportSchema } from '../../../scripts/lib/migrate/new/schema.js';
import { copyFixtureProject, useTempDirs } from '../../helpers/temp.js';
import { cli, parseDrift, parseRoundtrip, sha256 } from '../roundtrip/support.js';
import { contextJson, revisionIds, tool } from './support.js';

const tempDir = useTempDirs();

describe('a Flask-Migrate project (flask db, models in a package, db.Model) with real Flask-Migrate and Alembic', () => {
  it('context, validate, roundtrip, drift and new all work, and the database of the app is only read', { timeout: 300_000 }, async () => {
    const root = copyFixtureProject(tempDir, 'flask-migrate');
    const database = join(root, 'instance', 'notes.db');

    const fresh = await contextJson(root);
    expect(fresh.project).toMatchObject({ cli: 'flask db', layout: 'flask-migrate', appPackage: 'notes', databaseSource: 'notes/config.py:7 (Config)' });
    expect(fresh.tables.map((table) => table.name).sort()).toEqual(['accounts', 'audit_entry', 'note', 'note_tags', 'tag']);
    expect(fresh.currentReason).toBe('instance/notes.db does not exist yet: no migration has been applied');
    expect(existsSync(database)).toBe(false);
    expect(fresh.heads).toEqual(revisionIds(await tool(root, 'flask', ['db', 'heads'])));

    await tool(root, 'flask', ['db', 'upgrade']);
    const upgraded = await contextJson(root);
    expect(upgraded.currentRevisions).toEqual(revisionIds(await tool(root, 'flask', ['db', 'current'])));
    expect(upgraded.currentSource).toBe('sqlite file instance/notes.db');
    expect(upgraded.pending).toEqual([]);

    const validate = await cli(root, ['validate', '--all', '--format', 'json']);
    expect(validate.exitCode).toBe(0);
    expect(FindingsReportSchema.parse(JSON.parse(validate.stdout)).summary.errors).toBe(0);

    const before = sha256(database);
    const roundtrip = await cli(root, ['roundtrip', '--all', '--format', 'json']);
    expect(roundtrip.stderr).toBe('');
    expect(roundtrip.exitCode).toBe(0);
    expect(parseRoundtrip(roundtrip.stdout).revisions.map((revision) => revision.status)).toEqual(['passed', 'passed']);
    const drift = await cli(root, ['drift', '--format', 'json']);
    expect(drift.exitCode).toBe(0);
    expect(parseDrift(drift.stdout).differences).toEqual([]);
    expect(sha256(database)).toBe(before);

    // Flask-Migrate's env.py writes no file when autogenerate finds nothing
    const nothing = await cli(root, ['new', 'nothing to do', '--format', 'json']);
    expect(nothing.exitCode).toBe(0);
    expect(NewReportSchema.parse(JSON.parse(nothing.stdout))).toMatchObject({ file: '', noChanges: true, removed: true, command: expect.arrayContaining(['flask', 'db', 'migrate']) });

    const models = join(root, 'notes', 'models', 'note.py');
    writeFileSync(models, readFileSync(models, 'utf8').replace('    name = db.Column(db.String(50), unique=True, nullable=False)\n', '    name = db.Column(db.String(50), unique=True, nullable=False)\n    colour = db.Column(db.String(7))\n'));
    const drifted = await cli(root, ['drift']);
    expect(drifted.exitCode).toBe(1);
    expect(drifted.stdout).toMatch(/^notes\/models\/note\.py:\d+:\d+: error \[model-drift\] add_column: tag\.colour VARCHAR\(7\)$/m);
    const created = await cli(root, ['new', 'tag colour', '--format', 'json']);
    expect(created.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(created.stdout));
    expect(report).toMatchObject({ autogenerate: true, removed: false, parents: upgraded.heads, message: 'tag colour' });
    expect(report.file).toMatch(/^migrations\/versions\/[0-9a-f]{12}_tag_colour\.py$/);
    expect(readFileSync(join(root, report.file), 'utf8')).toContain("batch_op.add_column(sa.Column('colour', sa.String(length=7), nullable=True))");
    expect(sha256(database)).toBe(before);
  });
});

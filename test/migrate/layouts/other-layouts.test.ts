import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsReportSchema } from '../../../scripts/lib/findings/schema.js';
import { copyFixtureProject, useTempDirs } from '../../helpers/temp.js';
import { cli, parseRoundtrip } from '../roundtrip/support.js';
import { alembicVersion, atLeast, contextJson, revisionIds, tool } from './support.js';

const tempDir = useTempDirs();
const installed = await alembicVersion();

describe('a monorepo of services: alembic.ini below the working folder, picked with --config', () => {
  it('reads and round-trips the service named by --config, with real Alembic', { timeout: 180_000 }, async () => {
    const repo = copyFixtureProject(tempDir, 'monorepo');
    const ambiguous = await cli(repo, ['validate', '--all']);
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toMatch(/several alembic\.ini files .*pick one with --config <file>/);
    const service = join(repo, 'services', 'billing');
    const context = await contextJson(repo, '--config', 'services/billing/alembic.ini');
    expect(context.project.root).toBe(service);
    expect(context.heads).toEqual(revisionIds(await tool(service, 'alembic', ['heads'])));
    expect(context.tables.map((table) => table.name)).toEqual(['invoice']);
    const roundtrip = await cli(repo, ['roundtrip', '--all', '--config', 'services/billing/alembic.ini', '--format', 'json']);
    expect(roundtrip.stderr).toBe('');
    expect(parseRoundtrip(roundtrip.stdout).revisions.map((revision) => revision.status)).toEqual(['passed']);
  });

  it("validates and lints files given from the repository's root in their own service, as the hook does", async () => {
    const repo = copyFixtureProject(tempDir, 'monorepo');
    const validate = await cli(repo, ['validate', 'services/billing/alembic/versions/01daded1e306_invoices.py', '--format', 'json']);
    expect(validate.stderr).toBe('');
    expect(validate.exitCode).toBe(0);
    expect(FindingsReportSchema.parse(JSON.parse(validate.stdout)).summary.errors).toBe(0);
    const lint = await cli(repo, ['lint', 'services/audit/audit/models.py']);
    expect(lint.stderr).toBe('');
    expect(lint.stdout).toContain('checked 1 file (the files given)');
    // a file that is not there names no project: the working folder's question stands
    const missing = await cli(repo, ['validate', 'services/billing/alembic/versions/gone.py']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/several alembic\.ini files .*pick one with --config <file>/);
  });
});

describe('recursive_version_locations', () => {
  it('sees the revisions in subfolders (context and validate)', async () => {
    const root = copyFixtureProject(tempDir, 'recursive-versions');
    const context = await contextJson(root);
    expect(context.migrations.map((migration) => migration.file)).toEqual(['alembic/versions/2025/q1/e40d7f2b6c88_boxes.py', 'alembic/versions/2024/5b1e0c3a9d21_shelves.py']);
    const validate = await cli(root, ['validate', '--all', '--format', 'json']);
    expect(FindingsReportSchema.parse(JSON.parse(validate.stdout)).summary.errors).toBe(0);
  });

  // Alembic reads the option from 1.10 on; older versions see no revision in subfolders at all
  it.skipIf(!atLeast(installed, [1, 10]))('agrees with Alembic on the heads and round-trips every revision', { timeout: 180_000 }, async () => {
    const root = copyFixtureProject(tempDir, 'recursive-versions');
    expect((await contextJson(root)).heads).toEqual(revisionIds(await tool(root, 'alembic', ['heads'])));
    const roundtrip = await cli(root, ['roundtrip', '--all', '--format', 'json']);
    expect(parseRoundtrip(roundtrip.stdout).revisions.map((revision) => revision.status)).toEqual(['passed', 'passed']);
  });
});

describe('[tool.alembic] in pyproject.toml', () => {
  it('reads the layout from pyproject.toml and the URL from alembic.ini (context and validate)', async () => {
    const root = copyFixtureProject(tempDir, 'tool-alembic');
    const context = await contextJson(root);
    expect(context.project).toMatchObject({ scriptLocation: 'migrations', versionDirs: ['migrations/versions'], database: 'sqlite:///catalog.db' });
    expect(context.heads).toEqual(['0c5e2a71f4b9']);
    expect(context.tables.map((table) => table.name)).toEqual(['item']);
    const validate = await cli(root, ['validate', '--all', '--format', 'json']);
    expect(FindingsReportSchema.parse(JSON.parse(validate.stdout)).summary.errors).toBe(0);
  });

  // Alembic reads pyproject.toml from 1.16 on
  it.skipIf(!atLeast(installed, [1, 16]))('agrees with Alembic on the heads and round-trips the revision', { timeout: 180_000 }, async () => {
    const root = copyFixtureProject(tempDir, 'tool-alembic');
    expect((await contextJson(root)).heads).toEqual(revisionIds(await tool(root, 'alembic', ['heads'])));
    const roundtrip = await cli(root, ['roundtrip', '--all', '--format', 'json']);
    expect(parseRoundtrip(roundtrip.stdout).revisions.map((revision) => revision.status)).toEqual(['passed']);
  });
});

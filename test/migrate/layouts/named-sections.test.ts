import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsReportSchema } from '../../../scripts/lib/findings/schema.js';
import { NewReportSchema } from '../../../scripts/lib/migrate/new/schema.js';
import { copyFixtureProject, useTempDirs } from '../../helpers/temp.js';
import { cli, parseDrift, parseRoundtrip, sha256 } from '../roundtrip/support.js';
import { contextJson, revisionIds, tool } from './support.js';

const tempDir = useTempDirs();
const ini = 'src/ledger/alembic.ini';

describe('an alembic.ini with two named environments and package-style locations, with real Alembic (-c, -n)', () => {
  it('lists the environments when none is named, and works on each with --name', { timeout: 300_000 }, async () => {
    const root = copyFixtureProject(tempDir, 'named-sections');

    const listed = await cli(root, ['context']);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain('- `src/ledger/alembic.ini` configures 2 environments: `core`, `tenant`.');
    const listedJson = await cli(root, ['context', '--format', 'json']);
    expect(JSON.parse(listedJson.stdout)).toMatchObject({ alembicIni: ini, sections: ['core', 'tenant'] });
    const unnamed = await cli(root, ['validate', '--all']);
    expect(unnamed.exitCode).toBe(2);
    expect(unnamed.stderr).toMatch(/configures 2 Alembic environments \(\[core\], \[tenant\]\); pick one with --name <section>/);
    // lint runs no migration: any environment will do, and neither one's migrations are app code
    const lint = await cli(root, ['lint', '--all']);
    expect(lint.stderr).toBe('');
    expect(lint.stdout).toContain('checked 6 files (all 6 app files)');
    // a migration given to validate names its environment
    const given = await cli(root, ['validate', 'src/ledger/database/revisions/tenant/versions/2542b4632630_entries.py', '--format', 'json']);
    expect(given.exitCode).toBe(0);
    expect(FindingsReportSchema.parse(JSON.parse(given.stdout)).summary.errors).toBe(0);

    await tool(root, 'alembic', ['-c', ini, '-n', 'core', 'upgrade', 'head']);
    const core = await contextJson(root, '--name', 'core');
    expect(core.project).toMatchObject({ section: 'core', sections: ['core', 'tenant'], versionDirs: ['src/ledger/database/revisions/core/versions'] });
    expect(core.heads).toEqual(revisionIds(await tool(root, 'alembic', ['-c', ini, '-n', 'core', 'heads'])));
    expect(core.currentRevisions).toEqual(core.heads);
    expect(core.currentSource).toBe('sqlite file var/ledger-core.db');
    expect(core.tables.map((table) => table.name)).toEqual(['organization', 'plan']);
    const tenant = await contextJson(root, '--name', 'tenant');
    expect(tenant.heads).toEqual(revisionIds(await tool(root, 'alembic', ['-c', ini, '-n', 'tenant', 'heads'])));
    expect(tenant.currentReason).toBe('var/ledger-tenant.db does not exist yet: no migration has been applied');
    expect(tenant.tables.map((table) => table.name)).toEqual(['entry']);

    for (const name of ['core', 'tenant']) {
      const validate = await cli(root, ['validate', '--all', '--name', name, '--format', 'json']);
      expect(validate.exitCode).toBe(0);
      expect(FindingsReportSchema.parse(JSON.parse(validate.stdout)).summary.errors).toBe(0);
    }

    const coreDb = join(root, 'var', 'ledger-core.db');
    const before = sha256(coreDb);
    const roundtrip = await cli(root, ['roundtrip', '--all', '--name', 'tenant', '--format', 'json']);
    expect(roundtrip.stderr).toBe('');
    expect(parseRoundtrip(roundtrip.stdout).revisions.map((revision) => revision.status)).toEqual(['passed']);
    const drift = await cli(root, ['drift', '--name', 'core', '--format', 'json']);
    expect(drift.exitCode).toBe(0);
    expect(parseDrift(drift.stdout).differences).toEqual([]);
    expect(sha256(coreDb)).toBe(before);

    const created = await cli(root, ['new', 'tenant budgets', '--empty', '--name', 'tenant', '--format', 'json']);
    expect(created.exitCode).toBe(0);
    const report = NewReportSchema.parse(JSON.parse(created.stdout));
    expect(report.parents).toEqual(tenant.heads);
    expect(report.file).toMatch(/^src\/ledger\/database\/revisions\/tenant\/versions\/[0-9a-f]{12}_tenant_budgets\.py$/);
    expect(readdirSync(join(root, 'src/ledger/database/revisions/core/versions')).filter((file) => file.endsWith('.py'))).toHaveLength(1);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/lib/cli/command.js';
import { SeveralEnvironments } from '../../scripts/lib/discover/alembic-config.js';
import { discoverProject, findRoot } from '../../scripts/lib/discover/project.js';
import { migrationCommand } from '../../scripts/lib/discover/runner.js';
import { migrationFiles } from '../../scripts/lib/migrate/load.js';
import { loadModels } from '../../scripts/lib/models/load.js';
import { discoverIn, emptyPath } from '../helpers/discover.js';
import { fixtureProject, isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

describe('Flask-Migrate: migrations/ holds alembic.ini and env.py, `flask db` runs them', () => {
  const root = fixtureProject('flask-migrate');

  it.each([
    ['the project root', ''],
    ['a model package', 'notes/models'],
    ['the versions folder', 'migrations/versions'],
    ['migrations/ itself', 'migrations'],
  ])('finds the root above migrations/ from %s', async (_where, folder) => {
    expect(findRoot(join(root, folder))).toBe(root);
    const project = await discoverIn(join(root, folder));
    expect(project).toMatchObject({
      root,
      layout: 'flask-migrate',
      alembicIni: join(root, 'migrations', 'alembic.ini'),
      alembicSection: 'alembic',
      scriptLocation: join(root, 'migrations'),
      versionDirs: [join(root, 'migrations', 'versions')],
      cli: { kind: 'flask', label: 'flask db' },
      appPackage: 'notes',
      env: { needsFlaskApp: true, urlFromApp: true },
    });
  });

  it("reads the URL from the app's config class statically: a relative SQLite path lands in the instance folder, test configs aside", async () => {
    const project = await discoverIn(root);
    expect(project.database).toEqual({ url: 'sqlite:///notes.db', masked: 'sqlite:///notes.db', dialect: 'sqlite', source: 'notes/config.py:7 (Config)', sqliteBases: [join(root, 'instance'), root] });
    expect(project.databaseVariables).toEqual(['NOTES_DATABASE_URL']);
    const fromEnv = await discoverIn(root, { env: { NOTES_DATABASE_URL: 'postgresql://notes:secret@db/notes' } });
    expect(fromEnv.database).toMatchObject({ masked: 'postgresql://notes:***@db/notes', dialect: 'postgresql', source: 'notes/config.py:7 (Config)' });
  });

  it('finds every model: a models package, db.Model classes named by Flask-SQLAlchemy, single-table inheritance, db.Table', async () => {
    const models = await loadModels(await discoverIn(root));
    expect(models.files.map((file) => file.file)).toEqual(['notes/models/account.py', 'notes/models/note.py']);
    expect(models.tables.map((table) => [table.name, table.className, table.declaredBy])).toEqual([
      ['accounts', 'Account', 'tablename'],
      ['note_tags', null, 'table'],
      ['note', 'Note', 'flask-sqlalchemy'],
      ['tag', 'Tag', 'flask-sqlalchemy'],
      ['audit_entry', 'AuditEntry', 'flask-sqlalchemy'],
    ]);
    // Admin adds no table: its column lives in `accounts`
    expect(models.tables[0]!.columns.map((column) => column.name)).toEqual(['id', 'email', 'kind', 'created_at', 'admin_level']);
  });

  it('runs `flask db <command>`, with --directory when the folder is not migrations/', async () => {
    const project = await discoverIn(root);
    expect(migrationCommand(project, ['/usr/bin/python3'], ['current'])).toEqual(['/usr/bin/python3', '-m', 'flask', 'db', 'current']);
    const elsewhere = { ...project, scriptLocation: join(root, 'db', 'migrations') };
    expect(migrationCommand(elsewhere, ['/usr/bin/python3'], ['upgrade', 'head'])).toEqual(['/usr/bin/python3', '-m', 'flask', 'db', 'upgrade', '--directory', 'db/migrations', 'head']);
  });

  it('finds a Flask-Migrate folder of another name below the working folder (Migrate(directory=...))', async () => {
    const dir = writeFiles(tempDir('fmdir'), {
      'db_migrations/alembic.ini': '[alembic]\n',
      'db_migrations/env.py': 'from flask import current_app\n',
      'db_migrations/versions/.keep': '',
      'app.py': 'from flask import Flask\nfrom flask_migrate import Migrate\n',
    });
    const project = await discoverIn(dir);
    expect(project).toMatchObject({ root: dir, layout: 'flask-migrate', scriptLocation: join(dir, 'db_migrations'), cli: { kind: 'flask' } });
  });
});

describe('named sections and package locations (alembic.ini inside the package, several environments)', () => {
  const root = fixtureProject('named-sections');
  const ini = join(root, 'src', 'ledger', 'alembic.ini');
  const revisions = join(root, 'src', 'ledger', 'database', 'revisions');

  it('lists the environments and asks for --name instead of guessing one', async () => {
    const error = await discoverIn(root).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SeveralEnvironments);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as SeveralEnvironments).sections).toEqual(['core', 'tenant']);
    expect((error as Error).message).toMatch(/configures 2 Alembic environments \(\[core\], \[tenant\]\); pick one with --name <section>/);
  });

  it.each([
    ['the repository root (the ini is found below it)', ''],
    ['inside the package (the ini is found above; its locations are by package, so the root is the folder with pyproject.toml)', 'src/ledger/database'],
  ])('resolves `ledger:database/revisions/<env>` from the source tree, from %s', async (_where, folder) => {
    const core = await discoverIn(join(root, folder), { name: 'core' });
    expect(core).toMatchObject({ root, alembicIni: ini, alembicSection: 'core', alembicSections: ['core', 'tenant'], scriptLocation: join(revisions, 'core'), versionDirs: [join(revisions, 'core', 'versions')], appPackage: 'src/ledger' });
    expect(core.database).toMatchObject({ url: 'sqlite:///var/ledger-core.db', source: 'alembic.ini' });
    const tenant = await discoverIn(join(root, folder), { name: 'tenant' });
    expect(tenant).toMatchObject({ alembicSection: 'tenant', scriptLocation: join(revisions, 'tenant'), versionDirs: [join(revisions, 'tenant', 'versions')] });
  });

  it('passes -c and -n to Alembic', async () => {
    const project = await discoverIn(root, { name: 'tenant' });
    expect(migrationCommand(project, ['python3'], ['current'])).toEqual(['python3', '-m', 'alembic', '-c', ini, '-n', 'tenant', 'current']);
  });

  it("gives each environment the tables of its env.py's metadata", async () => {
    const core = await loadModels(await discoverIn(root, { name: 'core' }));
    expect(core.tables.map((table) => table.name)).toEqual(['organization', 'plan']);
    const tenant = await loadModels(await discoverIn(root, { name: 'tenant' }));
    expect(tenant.tables.map((table) => table.name)).toEqual(['entry']);
  });

  it('rejects an unknown --name, listing the environments', async () => {
    await expect(discoverIn(root, { name: 'archive' })).rejects.toThrow(/--name archive: .*alembic\.ini has no \[archive\] section; its environments: core, tenant/);
  });

  it('picks, for a file the hook was given, the environment whose folders hold it', async () => {
    const file = join(revisions, 'tenant', 'versions', '2542b4632630_entries.py');
    const project = await discoverProject({ project: join(revisions, 'tenant', 'versions'), forFile: file, env: { PATH: emptyPath } });
    expect(project.alembicSection).toBe('tenant');
  });

  it('for a command that runs no migration (lint), takes the first environment with every environment\'s migrations, or the one holding its file', async () => {
    const any = await discoverProject({ project: root, anyEnvironment: true, env: { PATH: emptyPath } });
    expect(any).toMatchObject({ alembicSection: 'core', versionDirs: [join(revisions, 'core', 'versions'), join(revisions, 'tenant', 'versions')] });
    const file = join(revisions, 'tenant', 'versions', '2542b4632630_entries.py');
    expect(await discoverProject({ project: root, anyEnvironment: true, forFile: file, env: { PATH: emptyPath } })).toMatchObject({ alembicSection: 'tenant', versionDirs: [join(revisions, 'tenant', 'versions')] });
    // a command that runs migrations still asks
    await expect(discoverProject({ project: root, env: { PATH: emptyPath } })).rejects.toBeInstanceOf(SeveralEnvironments);
  });

  it('takes --config as Alembic takes -c, relative to the working folder', async () => {
    const project = await discoverProject({ project: root, config: 'src/ledger/alembic.ini', name: 'core', env: { PATH: emptyPath } });
    expect(project).toMatchObject({ root, alembicIni: ini, alembicSection: 'core' });
    await expect(discoverProject({ project: root, config: 'nope.ini', env: { PATH: emptyPath } })).rejects.toThrow(/--config nope\.ini: no such file/);
  });
});

describe('alembic.ini anywhere under the project (a monorepo of services)', () => {
  const root = fixtureProject('monorepo');

  it('asks which one when several are found below, naming them', async () => {
    await expect(discoverIn(root)).rejects.toThrow(/several alembic\.ini files under .*: services\/audit\/alembic\.ini, services\/billing\/alembic\.ini; pick one with --config <file>/);
  });

  it('uses the one given with --config, run from its folder (its script_location is relative)', async () => {
    const project = await discoverProject({ project: root, config: 'services/billing/alembic.ini', env: { PATH: emptyPath } });
    expect(project).toMatchObject({ root: join(root, 'services', 'billing'), scriptLocation: join(root, 'services', 'billing', 'alembic'), appPackage: 'billing' });
    expect(migrationFiles(project)).toEqual(['alembic/versions/01daded1e306_invoices.py']);
  });

  it("finds a file's own project from its folder when neither --project nor --config names one", async () => {
    const file = join(root, 'services', 'billing', 'alembic', 'versions', '01daded1e306_invoices.py');
    expect((await discoverProject({ forFile: file, env: { PATH: emptyPath } })).root).toBe(join(root, 'services', 'billing'));
    // a project or a configuration named wins
    expect((await discoverProject({ project: join(root, 'services', 'audit'), forFile: file, env: { PATH: emptyPath } })).root).toBe(join(root, 'services', 'audit'));
    expect((await discoverProject({ project: root, config: 'services/audit/alembic.ini', forFile: file, env: { PATH: emptyPath } })).root).toBe(join(root, 'services', 'audit'));
  });

  it('never takes a folder above the repository for the root', async () => {
    const outer = writeFiles(tempDir('outer'), { 'pyproject.toml': '[project]\nname = "home"\n', 'repo/.git/HEAD': '', 'repo/alembic.ini': '[alembic]\nscript_location = %(here)s/alembic\n', 'repo/alembic/env.py': '' });
    expect((await discoverIn(join(outer, 'repo'))).root).toBe(join(outer, 'repo'));
  });

  it('finds the only one below a folder', async () => {
    expect((await discoverIn(join(root, 'services', 'audit', 'audit'))).root).toBe(join(root, 'services', 'audit'));
    const single = writeFiles(tempDir('single'), { 'backend/alembic.ini': '[alembic]\nscript_location = alembic\n', 'backend/alembic/env.py': '', 'frontend/index.html': '' });
    expect((await discoverIn(single)).root).toBe(join(single, 'backend'));
  });
});

describe('recursive_version_locations', () => {
  it('finds revision files in subfolders of the versions folder, and only with the option on', async () => {
    const project = await discoverIn(fixtureProject('recursive-versions'));
    expect(project.recursiveVersions).toBe(true);
    expect(migrationFiles(project)).toEqual(['alembic/versions/2024/5b1e0c3a9d21_shelves.py', 'alembic/versions/2025/q1/e40d7f2b6c88_boxes.py']);
    expect(migrationFiles({ ...project, recursiveVersions: false })).toEqual([]);
  });
});

describe('[tool.alembic] in pyproject.toml (Alembic 1.16+)', () => {
  it('reads script_location and version_locations from pyproject.toml, the URL from alembic.ini', async () => {
    const root = fixtureProject('tool-alembic');
    const project = await discoverIn(root);
    expect(project).toMatchObject({ root, layout: 'alembic.ini', alembicIni: join(root, 'alembic.ini'), scriptLocation: join(root, 'migrations'), versionDirs: [join(root, 'migrations', 'versions')] });
    expect(project.database).toMatchObject({ url: 'sqlite:///catalog.db', source: 'alembic.ini' });
  });

  it("lets alembic.ini's own keys win over pyproject.toml, as Alembic does", async () => {
    const root = writeFiles(tempDir('both'), {
      'pyproject.toml': '[tool.alembic]\nscript_location = "%(here)s/from_toml"\nrecursive_version_locations = true\n',
      'alembic.ini': '[alembic]\nscript_location = from_ini\n',
      'from_ini/env.py': '',
    });
    const project = await discoverIn(root);
    expect(project.scriptLocation).toBe(join(root, 'from_ini'));
    expect(project.recursiveVersions).toBe(true);
  });

  it('is a project root by itself, without alembic.ini', async () => {
    const root = writeFiles(tempDir('toml'), { 'pyproject.toml': '[tool.alembic]\nscript_location = "%(here)s/schema"\n', 'schema/env.py': '', 'src/app/x.py': '' });
    expect(findRoot(join(root, 'src', 'app'))).toBe(root);
    expect((await discoverIn(root)).layout).toBe('pyproject');
  });
});

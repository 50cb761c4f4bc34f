import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/lib/cli/command.js';
import { findRoot } from '../../scripts/lib/discover/project.js';
import { discoverIn } from '../helpers/discover.js';
import { fixtureProject, isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

describe('findRoot', () => {
  it('walks up from a subfolder to the folder with alembic.ini', () => {
    const root = fixtureProject('plain-alembic');
    expect(findRoot(join(root, 'warehouse', 'reports', 'monthly'))).toBe(root);
    expect(findRoot(root)).toBe(root);
  });

  it('accepts pyproject.toml beside an Alembic folder (alembic/ or migrations/) when there is no alembic.ini', () => {
    const shop = fixtureProject('pyproject-shop');
    expect(findRoot(join(shop, 'shop_front', 'orders'))).toBe(shop);
    const dir = writeFiles(tempDir('root'), { 'pyproject.toml': '[project]\nname = "x"\n', 'alembic/env.py': '', 'x/__init__.py': '' });
    expect(findRoot(join(dir, 'x'))).toBe(dir);
  });

  it('does not take a pyproject.toml without an Alembic env.py for a root', () => {
    const dir = writeFiles(tempDir('root'), { 'pyproject.toml': '[project]\nname = "x"\n', 'alembic/README': 'no env.py here', 'sub/file.txt': '' });
    expect(findRoot(join(dir, 'sub'))).toBeUndefined();
  });

  it('prefers the nearest root when projects are nested', () => {
    const outer = writeFiles(tempDir('nested'), { 'alembic.ini': '[alembic]\n', 'inner/alembic.ini': '[alembic]\n', 'inner/pkg/x.py': '' });
    expect(findRoot(join(outer, 'inner', 'pkg'))).toBe(join(outer, 'inner'));
  });
});

describe('discoverProject: no project', () => {
  it('throws a UsageError naming the folder and what it looked for', async () => {
    const dir = tempDir('empty');
    mkdirSync(join(dir, 'deep'));
    const error = await discoverIn(join(dir, 'deep')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain(join(dir, 'deep'));
    expect(message).toContain('alembic.ini');
    expect(message).toContain('--project');
    expect(message).not.toContain('\n');
  });

  it('throws a UsageError for a --project folder that does not exist', async () => {
    const missing = join(tempDir('missing'), 'nope');
    await expect(discoverIn(missing)).rejects.toThrow(UsageError);
    await expect(discoverIn(missing)).rejects.toThrow(/no such folder/);
  });
});

describe('discoverProject: Alembic layout', () => {
  it('reads script_location and defaults the versions folder to <script_location>/versions', async () => {
    const root = fixtureProject('plain-alembic');
    const project = await discoverIn(join(root, 'warehouse'));
    expect(project.root).toBe(root);
    expect(project.alembicIni).toBe(join(root, 'alembic.ini'));
    expect(project.scriptLocation).toBe(join(root, 'alembic'));
    expect(project.versionDirs).toEqual([join(root, 'alembic', 'versions')]);
  });

  it('interpolates %(here)s and DEFAULT keys, and splits version_locations by version_path_separator = os', async () => {
    const root = fixtureProject('version-locations');
    const project = await discoverIn(root);
    expect(project.scriptLocation).toBe(join(root, 'db', 'migrations'));
    expect(project.versionDirs).toEqual([join(root, 'db', 'versions', 'core'), join(root, 'db', 'versions', 'billing')]);
    expect(project.database?.url).toBe(`sqlite:///${root}/var/app.db`);
  });

  it.each([
    ['space', 'one two  three'],
    ['newline', '\n  one\n  two\n  three'],
    [';', 'one;two;three'],
    [':', 'one:two:three'],
  ])('splits version_locations with version_path_separator = %s', async (separator, value) => {
    const root = writeFiles(tempDir('sep'), {
      'alembic.ini': `[alembic]\nscript_location = alembic\nversion_locations = ${value}\nversion_path_separator = ${separator}\n`,
    });
    const project = await discoverIn(root);
    expect(project.versionDirs).toEqual(['one', 'two', 'three'].map((dir) => join(root, dir)));
  });

  it('splits version_locations on spaces and commas when no separator is configured (legacy Alembic)', async () => {
    const root = writeFiles(tempDir('legacy'), { 'alembic.ini': '[alembic]\nscript_location = alembic\nversion_locations = one, two three\n' });
    expect((await discoverIn(root)).versionDirs).toEqual(['one', 'two', 'three'].map((dir) => join(root, dir)));
  });

  it('honours path_separator, the name Alembic 1.16+ reads first', async () => {
    const root = writeFiles(tempDir('pathsep'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\nversion_locations = %(here)s/a:%(here)s/b\npath_separator = os\n',
    });
    expect((await discoverIn(root)).versionDirs).toEqual([join(root, 'a'), join(root, 'b')]);
  });

  it('prefers path_separator over version_path_separator when both are set', async () => {
    const root = writeFiles(tempDir('bothsep'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\nversion_locations = a:x;b\npath_separator = ;\nversion_path_separator = :\n',
      'a/__init__.py': '',
    });
    // `a:x` is Alembic's package form: the folder x inside package a
    expect((await discoverIn(root)).versionDirs).toEqual([join(root, 'a', 'x'), join(root, 'b')]);
  });

  it('resolves a package-style script_location (pkg:folder) from the source tree, src/ layout included', async () => {
    const root = writeFiles(tempDir('pkgloc'), { 'alembic.ini': '[alembic]\nscript_location = myapp.db:migrations\n', 'myapp/__init__.py': '', 'myapp/db/__init__.py': '' });
    expect((await discoverIn(root)).scriptLocation).toBe(join(root, 'myapp', 'db', 'migrations'));
    const src = writeFiles(tempDir('pkgsrc'), { 'alembic.ini': '[alembic]\nscript_location = myapp.db:migrations\n', 'src/myapp/__init__.py': '', 'src/myapp/db/__init__.py': '' });
    expect((await discoverIn(src)).scriptLocation).toBe(join(src, 'src', 'myapp', 'db', 'migrations'));
  });

  it('names the package and where it looked when a package-style location has no folder', async () => {
    const root = writeFiles(tempDir('pkgmissing'), { 'alembic.ini': '[alembic]\nscript_location = ghost.db:migrations\n' });
    await expect(discoverIn(root)).rejects.toThrow(/script_location 'ghost.db:migrations': no folder for the package 'ghost.db' in \., src/);
  });

  it('finds the Alembic folder without alembic.ini (pyproject.toml + migrations/env.py)', async () => {
    const root = fixtureProject('pyproject-shop');
    const project = await discoverIn(root);
    expect(project.alembicIni).toBeUndefined();
    expect(project.scriptLocation).toBe(join(root, 'migrations'));
    expect(project.versionDirs).toEqual([join(root, 'migrations', 'versions')]);
  });

  it('reads [tool.alembic] of pyproject.toml when there is no alembic.ini', async () => {
    const root = writeFiles(tempDir('toolalembic'), {
      'pyproject.toml': '[tool.alembic]\nscript_location = "%(here)s/schema"\nversion_locations = ["%(here)s/schema/v1", "%(here)s/schema/v2"]\n',
      'schema/env.py': '',
      'alembic/env.py': '',
    });
    const project = await discoverIn(root);
    expect(project.scriptLocation).toBe(join(root, 'schema'));
    expect(project.versionDirs).toEqual([join(root, 'schema', 'v1'), join(root, 'schema', 'v2')]);
  });

  it('uses the alembicIni of the config, and names it when it does not exist', async () => {
    const root = writeFiles(tempDir('altini'), {
      'pyproject.toml': '[tool.stk-migrate]\nalembicIni = "config/db.ini"\n',
      'alembic/env.py': '',
      'config/db.ini': '[alembic]\nscript_location = %(here)s/../schema\n',
    });
    expect((await discoverIn(root)).scriptLocation).toBe(join(root, 'schema'));
    writeFiles(root, { 'pyproject.toml': '[tool.stk-migrate]\nalembicIni = "config/missing.ini"\n' });
    await expect(discoverIn(root)).rejects.toThrow(/alembicIni 'config\/missing.ini'.*does not exist/);
  });
});

describe('discoverProject: CLI flavour', () => {
  it('is `stk db` when pyproject declares an `stk` script (even if a db group exists too)', async () => {
    const project = await discoverIn(fixtureProject('stk-cli'));
    expect(project.cli).toEqual({ kind: 'stk', label: 'stk db' });
    expect(project.stkEntry).toBe('acme.cli.main:main');
  });

  it.each([
    ['quart-appgroup', 'AppGroup("db") in a nested module'],
    ['quart-decorator', '@app.cli.group() on def db'],
    ['quart-click-group', '@click.group("db") on another function name'],
  ])('is `quart db` for %s (%s)', async (name) => {
    const project = await discoverIn(fixtureProject(name));
    expect(project.cli).toEqual({ kind: 'quart', label: 'quart db' });
    expect(project.stkEntry).toBeUndefined();
  });

  it('is plain alembic when no module declares a db group (groups with other names, a db command)', async () => {
    const project = await discoverIn(fixtureProject('plain-alembic'));
    expect(project.cli).toEqual({ kind: 'alembic', label: 'alembic' });
  });

  it('finds a group declared with the name keyword', async () => {
    const root = writeFiles(tempDir('kwgroup'), {
      'alembic.ini': '[alembic]\n',
      'app/__init__.py': '',
      'app/cli.py': 'import click\n\n@click.group(name="db")\ndef migrations():\n    pass\n',
    });
    expect((await discoverIn(root)).cli.kind).toBe('quart');
  });

  it('lets the config override the detected flavour', async () => {
    const root = writeFiles(tempDir('clicfg'), { 'alembic.ini': '[alembic]\n', '.stk-migrate.json': '{"cli": "quart"}' });
    expect((await discoverIn(root)).cli).toEqual({ kind: 'quart', label: 'quart db' });
  });
});

describe('discoverProject: app package and model files', () => {
  it('uses the folder named after [project].name (dashes become underscores), not a hard-coded stk', async () => {
    const project = await discoverIn(fixtureProject('pyproject-shop'));
    expect(project.appPackage).toBe('shop_front');
    expect(project.models).toEqual({ kind: 'search', folders: ['shop_front'], files: [] });
  });

  it('prefers the package with extensions.py, then the one with models, over alphabetical order', async () => {
    const root = writeFiles(tempDir('pkg'), {
      'pyproject.toml': '[project]\nname = "not-a-folder"\n',
      'alembic/env.py': '',
      'aaa_utils/__init__.py': '',
      'bbb/__init__.py': '',
      'bbb/models.py': '',
      'zeta/__init__.py': '',
      'zeta/extensions.py': '',
      'tests/__init__.py': '',
      'tests/extensions.py': '',
    });
    expect((await discoverIn(root)).appPackage).toBe('zeta');
    const withoutExtensions = writeFiles(tempDir('pkg2'), {
      'alembic.ini': '[alembic]\n',
      'aaa_utils/__init__.py': '',
      'mmm/__init__.py': '',
      'mmm/orders/models.py': '',
    });
    expect((await discoverIn(withoutExtensions)).appPackage).toBe('mmm');
  });

  it('never takes alembic/, tests/ or hidden folders for the app package', async () => {
    const root = writeFiles(tempDir('notapp'), {
      'alembic.ini': '[alembic]\n',
      'alembic/__init__.py': '',
      'alembic/models.py': '',
      'tests/__init__.py': '',
      'tests/models.py': '',
      '.hidden/__init__.py': '',
    });
    const project = await discoverIn(root);
    expect(project.appPackage).toBeUndefined();
    expect(project.models).toEqual({ kind: 'search', folders: [], files: [] });
  });

  it('takes package and models from the config', async () => {
    const root = writeFiles(tempDir('pkgcfg'), {
      'pyproject.toml': '[tool.stk-migrate]\npackage = "core"\nmodels = ["core/db/*.py"]\n',
      'alembic/env.py': '',
      'core/__init__.py': '',
    });
    const project = await discoverIn(root);
    expect(project.appPackage).toBe('core');
    expect(project.models).toEqual({ kind: 'config', globs: ['core/db/*.py'] });
  });

  it('rejects a configured package that is not a folder, naming it', async () => {
    const root = writeFiles(tempDir('pkgbad'), { 'alembic.ini': '[alembic]\n', '.stk-migrate.json': '{"package": "ghost"}' });
    await expect(discoverIn(root)).rejects.toThrow(/package 'ghost'/);
  });
});

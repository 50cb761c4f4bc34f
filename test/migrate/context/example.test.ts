import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../../scripts/lib/migrate/context/build.js';
import { ContextSchema, type Context } from '../../../scripts/lib/migrate/context/schema.js';
import { renderContextMarkdown } from '../../../scripts/lib/migrate/context/markdown.js';
import { discoverIn } from '../../helpers/discover.js';
import { systemPython } from '../../helpers/python.js';
import { isolateParseCache, repoRoot, useTempDirs } from '../../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

const exampleRoot = join(repoRoot, 'examples', 'stk-app');
/** The example's revisions, oldest first, as its files declare them. */
const chain = ['617868ccc614', 'bd5f7f598bec', '39a94c31b0e5', 'cf21a28f0a85', '8ceb393b0b26', '4e7d1c9a2b6f'];

/** A private copy of examples/stk-app without generated state (its database, caches). */
function copyExample(): string {
  const root = join(tempDir('example'), 'stk-app');
  cpSync(exampleRoot, root, { recursive: true, filter: (source) => !/[\\/](instance|__pycache__)([\\/]|$)/.test(source.slice(exampleRoot.length)) });
  return root;
}

/** The environment the example's own tools run in: no database URL of the developer's. */
function exampleEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  delete env.SQLALCHEMY_DATABASE_URI;
  return env;
}

async function alembic(root: string, ...args: string[]): Promise<void> {
  await execa(systemPython, ['-m', 'alembic', ...args], { cwd: root, env: exampleEnv(), extendEnv: false, stdin: 'ignore' });
}

async function git(root: string, ...args: string[]): Promise<void> {
  await execa('git', ['-c', 'user.name=stk-migrate tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdin: 'ignore' });
}

async function contextOf(root: string): Promise<Context> {
  return ContextSchema.parse(await buildContext(await discoverIn(root)));
}

describe('buildContext and renderContextMarkdown on a copy of examples/stk-app', () => {
  let root: string;
  let before: Context;
  beforeAll(async () => {
    root = copyExample();
    before = await contextOf(root);
  });

  it("describes the project: quart db CLI, app package stkapp, SQLite from the app's settings (env.py prefers them to alembic.ini), python3 without uv", () => {
    expect(before.project).toMatchObject({
      name: 'stk-app',
      root,
      runner: 'python3',
      cli: 'quart db',
      dialect: 'sqlite',
      database: `sqlite+aiosqlite:///${root}/instance/stk.db`,
      databaseSource: 'stkapp/settings.py:20 (Config)',
      layout: 'alembic.ini',
      alembicIni: 'alembic.ini',
      section: 'alembic',
      sections: ['alembic'],
      appPackage: 'stkapp',
      versionDirs: ['alembic/versions'],
      // extensions.py declares the models' MetaData naming convention
      modelFiles: ['stkapp/blog/models.py', 'stkapp/extensions.py', 'stkapp/user/models.py'],
    });
  });

  it('reads the revision graph: one head, every migration newest first with its parent and message', () => {
    expect(before.heads).toEqual(['4e7d1c9a2b6f']);
    expect(before.migrations.map((migration) => migration.revision)).toEqual([...chain].reverse());
    expect(before.migrations.at(-1)).toEqual({
      revision: '617868ccc614',
      downRevision: null,
      message: 'create role, user and roles_users tables',
      file: 'alembic/versions/617868ccc614_create_role_user_and_roles_users_tables.py',
    });
    expect(before.migrations[0]).toMatchObject({ downRevision: '8ceb393b0b26', message: 'add activity table' });
    expect(before.problems).toEqual([]);
  });

  it('finds every table, the association table included, with the mixin column of post', () => {
    expect(before.tables.map((table) => [table.name, table.className, table.file])).toEqual([
      ['post', 'Post', 'stkapp/blog/models.py'],
      ['roles_users', null, 'stkapp/user/models.py'],
      ['role', 'Role', 'stkapp/user/models.py'],
      ['user', 'User', 'stkapp/user/models.py'],
      ['oauth', 'OAuth', 'stkapp/user/models.py'],
      ['activity', 'Activity', 'stkapp/user/models.py'],
    ]);
    const post = before.tables.find((table) => table.name === 'post')!;
    expect(post.columns.find((column) => column.name === 'published_at')).toMatchObject({ type: 'DateTime', index: true, nullable: true });
    const source = readFileSync(join(root, 'stkapp', 'user', 'models.py'), 'utf8').split('\n');
    expect(before.tables.find((table) => table.name === 'roles_users')!.line).toBe(source.indexOf('roles_users = Table(') + 1);
  });

  it('before any upgrade: no current revision, the reason, everything pending, and no database created', () => {
    expect(before.current).toBeNull();
    expect(before.currentRevisions).toEqual([]);
    expect(before.currentReason).toBe('instance/stk.db does not exist yet: no migration has been applied');
    expect(before.pending).toEqual(chain);
    expect(existsSync(join(root, 'instance'))).toBe(false);
    expect(before.modelChanges).toBeNull();
    const markdown = renderContextMarkdown(before);
    expect(markdown).toContain('- current: none (instance/stk.db does not exist yet: no migration has been applied)');
    expect(markdown).toContain('- head: `4e7d1c9a2b6f` add activity table (alembic/versions/4e7d1c9a2b6f_add_activity_table.py)');
    expect(markdown).toContain('- pending (6, oldest first):');
    expect(markdown).toContain('| `roles_users` | `Table(...)` | stkapp/user/models.py:');
  });

  it('after a real `alembic upgrade` to the middle: the current revision and what is pending', async () => {
    await alembic(root, 'upgrade', '39a94c31b0e5');
    const after = await contextOf(root);
    expect(after.current).toBe('39a94c31b0e5');
    expect(after.currentSource).toBe('sqlite file instance/stk.db');
    expect(after.currentReason).toBeNull();
    expect(after.pending).toEqual(['cf21a28f0a85', '8ceb393b0b26', '4e7d1c9a2b6f']);
    const markdown = renderContextMarkdown(after);
    expect(markdown).toContain('- current: `39a94c31b0e5` add blog post table (alembic/versions/39a94c31b0e5_add_blog_post_table.py) (read from sqlite file instance/stk.db)');
    expect(markdown).toContain('- pending (3, oldest first):\n  - `cf21a28f0a85` add last_login_at to user (alembic/versions/cf21a28f0a85_add_last_login_at_to_user.py)');

    await alembic(root, 'upgrade', 'head');
    const atHead = await contextOf(root);
    expect(atHead.current).toBe('4e7d1c9a2b6f');
    expect(atHead.pending).toEqual([]);
    expect(renderContextMarkdown(atHead)).toContain('- pending: none, the database is at head');
  });

  it('in a git checkout: hints at model changes made after the newest migration, uncommitted or committed', async () => {
    await git(root, 'init', '-q');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'example');
    expect((await contextOf(root)).modelChanges).toEqual({ files: [], reason: 'no change after the newest migration' });

    const models = join(root, 'stkapp', 'blog', 'models.py');
    writeFileSync(models, readFileSync(models, 'utf8').replace('    body = Column(Text, nullable=True)\n', '    body = Column(Text, nullable=True)\n    subtitle = Column(String(120), nullable=True)\n'));
    const uncommitted = await contextOf(root);
    expect(uncommitted.modelChanges).toEqual({ files: ['stkapp/blog/models.py'], reason: 'uncommitted model changes and no new migration yet' });
    expect(uncommitted.tables.find((table) => table.name === 'post')!.columns.map((column) => column.name)).toContain('subtitle');
    expect(renderContextMarkdown(uncommitted)).toContain(
      '- ⚠ models changed after the newest migration (uncommitted model changes and no new migration yet): `stkapp/blog/models.py`; a new migration is probably needed',
    );

    await git(root, 'commit', '-q', '-am', 'add subtitle');
    expect((await contextOf(root)).modelChanges).toEqual({ files: ['stkapp/blog/models.py'], reason: 'committed after the newest migration' });
  });
});

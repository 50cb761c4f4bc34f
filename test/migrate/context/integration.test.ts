import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { systemPython } from '../../helpers/python.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextSchema } from '../../../scripts/lib/migrate/context/schema.js';
import { alembic, copyExample, stkMigrate } from '../../helpers/example-project.js';

/** Revision ids of the example, read from its files with Alembic itself (not from our parser). */
async function alembicHeads(root: string): Promise<string[]> {
  const out = await alembic(root, 'heads');
  return out.split('\n').map((line) => line.split(' ')[0]!).filter((word) => /^[0-9a-f]{12}$/.test(word));
}

describe('stk-migrate context on examples/stk-app with real Alembic', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  it('reports no current revision, with a reason, before any upgrade, and creates no database', async () => {
    const result = await stkMigrate(project.root, 'context', '--format', 'json');
    expect(result.exitCode).toBe(0);
    const context = ContextSchema.parse(JSON.parse(result.stdout));
    expect(context.current).toBeNull();
    expect(context.currentReason).toMatch(/does not exist yet/);
    expect(existsSync(join(project.root, 'instance', 'stk.db'))).toBe(false);
    expect(context.heads).toEqual(await alembicHeads(project.root));
    expect(context.pending).toHaveLength(context.migrations.length);
  });

  it('reports the real current revision after alembic upgrade, and what is pending up to head', async () => {
    const history = (await alembic(project.root, 'history')).split('\n').filter((line) => line.includes('->'));
    // `alembic history` lists newest first: "<parent> -> <rev> (head), message"
    const chain = history.map((line) => line.split('->')[1]!.trim().split(/[ ,]/)[0]!).reverse();
    expect(chain.length).toBeGreaterThanOrEqual(4);
    const target = chain[1]!;
    await alembic(project.root, 'upgrade', target);

    const result = await stkMigrate(project.root, 'context', '--format', 'json');
    const context = ContextSchema.parse(JSON.parse(result.stdout));
    expect(context.current).toBe(target);
    expect(context.currentSource).toMatch(/sqlite file instance\/stk\.db/);
    expect(context.heads).toEqual([chain.at(-1)]);
    expect(context.pending).toEqual(chain.slice(2));
    expect(context.migrations.map((migration) => migration.revision)).toEqual([...chain].reverse());

    const markdown = await stkMigrate(project.root, 'context');
    expect(markdown.stdout).toContain(`current: \`${target}\``);
    expect(markdown.stdout).toContain('roles_users');
  });

  it('lists every model table, including the association table and declared_attr columns', async () => {
    const result = await stkMigrate(join(project.root, 'stkapp'), 'context', '--format', 'json');
    const context = ContextSchema.parse(JSON.parse(result.stdout));
    const names = context.tables.map((table) => table.name).sort();
    // every table the migrations create, as SQLAlchemy itself sees it after upgrade
    await alembic(project.root, 'upgrade', 'head');
    const created = await import('node:child_process').then(({ execFileSync }) =>
      execFileSync('python3', ['-c', "import sqlite3,sys; print('\\n'.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"select name from sqlite_master where type='table' and name != 'alembic_version'\")))", join(project.root, 'instance', 'stk.db')], { encoding: 'utf8' }),
    );
    expect(names).toEqual(created.trim().split('\n').sort());
    const roles = context.tables.find((table) => table.name === 'roles_users');
    expect(roles?.className).toBeNull();
    for (const table of context.tables) {
      const source = readFileSync(join(project.root, table.file), 'utf8').split('\n')[table.line - 1] ?? '';
      expect(source).toMatch(table.className ? new RegExp(`class ${table.className}\\b`) : /Table\(/);
    }
  });

  it('prints one line and exits 0 when there is no project, so the skill always loads', async () => {
    // nothing at or above it and nothing below it: a fresh temporary folder
    const outside = mkdtempSync(join(tmpdir(), 'stk-migrate-noproject-'));
    try {
      const result = await stkMigrate(outside, 'context');
      expect(result.exitCode).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toMatch(/no Alembic project/);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('finds the project below the folder it runs in (alembic.ini anywhere under it)', async () => {
    const parent = join(project.root, '..');
    const result = await stkMigrate(parent, 'context', '--format', 'json');
    expect(result.exitCode).toBe(0);
    const context = ContextSchema.parse(JSON.parse(result.stdout));
    expect(context.project.root).toBe(project.root);
    expect(context.heads).toEqual(await alembicHeads(project.root));
    expect(readdirSync(parent)).toEqual(['stk-app']);
  });
  it('names a database revision no file declares as a problem, and leaves pending unknown rather than listing every migration', async () => {
    await alembic(project.root, 'upgrade', 'head');
    await execa(systemPython, ['-c', "import sqlite3; c = sqlite3.connect('instance/stk.db'); c.execute(\"update alembic_version set version_num = 'abcdef123456'\"); c.commit()"], { cwd: project.root });
    const result = await stkMigrate(project.root, 'context', '--format', 'json');
    const context = ContextSchema.parse(JSON.parse(result.stdout));
    expect(context.currentRevisions).toEqual(['abcdef123456']);
    expect(context.pending).toBeNull();
    expect(context.problems).toContainEqual({ kind: 'unknown-current-revision', file: 'alembic.ini', line: 1, message: expect.stringMatching(/^the database is at abcdef123456, which no migration file declares/) });
    const text = await stkMigrate(project.root, 'context');
    expect(text.stdout).not.toMatch(/pending/);
  });

  it('names a script_location that does not exist: context as a problem, validate as exit 2', async () => {
    const ini = join(project.root, 'alembic.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^script_location = alembic$/m, 'script_location = alembic_missing'));
    expect(readFileSync(ini, 'utf8')).toContain('script_location = alembic_missing');
    const context = ContextSchema.parse(JSON.parse((await stkMigrate(project.root, 'context', '--format', 'json')).stdout));
    expect(context.problems).toContainEqual(expect.objectContaining({ kind: 'missing-script-location', message: expect.stringMatching(/^script_location names alembic_missing, which does not exist/) }));
    const validate = await stkMigrate(project.root, 'validate', '--all');
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toMatch(/^stk-migrate( validate)?: script_location names alembic_missing, which does not exist \(alembic\.ini\): fix the path, or create it with alembic init$/);
  });
});

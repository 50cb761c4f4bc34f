import { describe, expect, it } from 'vitest';
import { ContextSchema, type Context } from '../../../scripts/lib/migrate/context/schema.js';
import { renderContextMarkdown } from '../../../scripts/lib/migrate/context/markdown.js';

const revisionId = (i: number) => `${i.toString(16).padStart(12, '0')}`;

/**
 * A valid Context (checked against the schema) with `migrations` revisions in one chain, newest first,
 * and `tables` tables; `overrides` replace whole fields.
 */
function syntheticContext(options: { migrations?: number; tables?: number } = {}, overrides: Partial<Context> = {}): Context {
  const count = options.migrations ?? 3;
  const migrations = Array.from({ length: count }, (_, n) => {
    const i = count - 1 - n;
    return { revision: revisionId(i), downRevision: i === 0 ? null : revisionId(i - 1), message: `migration number ${i}`, file: `alembic/versions/${revisionId(i)}_m${i}.py` };
  });
  const tables = Array.from({ length: options.tables ?? 2 }, (_, i) => ({
    name: `table_${i}`,
    className: i % 10 === 0 ? null : `Model${i}`,
    file: `app/feature${Math.floor(i / 10)}/models.py`,
    line: 10 + (i % 10) * 20,
    columns: [{ name: 'id', type: 'Integer', length: null, nullable: false, primaryKey: true, unique: false, index: false, foreignKey: null, serverDefault: null, line: 12 }],
  }));
  const head = migrations[0]?.revision;
  return ContextSchema.parse({
    project: {
      name: 'shop',
      root: '/home/dev/shop',
      runner: 'uv run',
      cli: 'stk db',
      dialect: 'postgresql',
      database: 'postgresql+asyncpg://shop:***@db/shop',
      databaseSource: 'SQLALCHEMY_DATABASE_URI',
      appPackage: 'shop',
      layout: 'alembic.ini',
      alembicIni: 'alembic.ini',
      section: 'alembic',
      sections: ['alembic'],
      scriptLocation: 'alembic',
      versionDirs: ['alembic/versions'],
      modelFiles: [...new Set(tables.map((table) => table.file))],
    },
    current: head ?? null,
    currentRevisions: head ? [head] : [],
    currentSource: 'postgresql',
    currentReason: null,
    heads: head ? [head] : [],
    pending: [],
    migrations,
    tables,
    problems: [],
    modelChanges: null,
    ...overrides,
  });
}

const lines = (markdown: string) => markdown.split('\n').filter((line, index, all) => index < all.length - 1 || line !== '');

describe('renderContextMarkdown: size', () => {
  it('stays within 150 lines for 1000 migrations and 200 tables, and says where the rest is', () => {
    const context = syntheticContext({ migrations: 1000, tables: 200 });
    const markdown = renderContextMarkdown(context);
    expect(lines(markdown).length).toBeLessThanOrEqual(150);
    expect(markdown).toContain('Recent migrations (newest first, 1000 in all)');
    expect(markdown).toContain('- … and 990 more migrations (all of them: `stk-migrate context --format json`)');
    expect(markdown).toContain('Tables in the models (200)');
    expect(markdown).toContain('- … and 120 more tables (all of them: `stk-migrate context --format json`)');
  });

  it('lists the 10 newest migrations and the first 80 tables, and no more', () => {
    const markdown = renderContextMarkdown(syntheticContext({ migrations: 1000, tables: 200 }));
    for (let i = 999; i >= 990; i -= 1) expect(markdown).toContain(`| \`${revisionId(i)}\` | ${revisionId(i - 1)} | migration number ${i} |`);
    expect(markdown).not.toContain(`| \`${revisionId(989)}\``);
    expect(markdown).toContain('| `table_79` |');
    expect(markdown).not.toContain('| `table_80` |');
  });

  it('stays within 150 lines with everything at its worst: 1000 pending, several heads, 60 problems, 40 changed model files', () => {
    const base = syntheticContext({ migrations: 1000, tables: 200 });
    const context = syntheticContext(
      { migrations: 1000, tables: 200 },
      {
        current: null,
        currentRevisions: [],
        currentReason: 'the database does not exist yet: no migration has been applied',
        heads: [revisionId(999), revisionId(998), revisionId(997)],
        pending: base.migrations.map((migration) => migration.revision).reverse(),
        problems: Array.from({ length: 60 }, (_, i) => ({ kind: 'syntax-error', file: `alembic/versions/broken_${i}.py`, line: i + 1, message: 'invalid Python syntax: missing )' })),
        modelChanges: { files: Array.from({ length: 40 }, (_, i) => `app/feature${i}/models.py`), reason: 'uncommitted model changes and no new migration yet' },
      },
    );
    const markdown = renderContextMarkdown(context);
    expect(lines(markdown).length).toBeLessThanOrEqual(150);
    expect(markdown).toContain('- pending (1000, oldest first):');
    expect(markdown).toContain('  - … and 990 more');
    expect(markdown).toContain(`  - \`${revisionId(0)}\` migration number 0 (alembic/versions/${revisionId(0)}_m0.py)`);
    expect(markdown).not.toContain(`  - \`${revisionId(10)}\``);
    expect(markdown).toContain('- … and 50 more problems');
    expect(markdown).toContain('- ✗ alembic/versions/broken_9.py:10: invalid Python syntax: missing )');
    expect(markdown).not.toContain('broken_10.py');
  });
});

describe('renderContextMarkdown: revisions', () => {
  it('shows the current revision with its message and file, the head, and that nothing is pending', () => {
    const markdown = renderContextMarkdown(syntheticContext({ migrations: 3 }, { currentSource: 'sqlite file instance/stk.db' }));
    expect(markdown).toContain(`- current: \`${revisionId(2)}\` migration number 2 (alembic/versions/${revisionId(2)}_m2.py) (read from sqlite file instance/stk.db)`);
    expect(markdown).toContain(`- head: \`${revisionId(2)}\` migration number 2`);
    expect(markdown).toContain('- pending: none, the database is at head');
    expect(markdown).not.toContain('⚠');
  });

  it('warns about multiple heads, naming each and the merge command of the project', () => {
    const context = syntheticContext({ migrations: 4 }, { heads: [revisionId(3), revisionId(2)] });
    const markdown = renderContextMarkdown(context);
    expect(markdown).toContain(`- heads: \`${revisionId(3)}\` migration number 3 (alembic/versions/${revisionId(3)}_m3.py); \`${revisionId(2)}\` migration number 2`);
    expect(markdown).toContain('- ⚠ 2 heads: merge them (`stk db merge` or `alembic merge heads`) before adding a migration');
  });

  it('says why the current revision is unknown and lists no pending revisions', () => {
    const context = syntheticContext(
      { migrations: 3 },
      { current: null, currentRevisions: null, pending: null, currentSource: 'postgresql', currentReason: 'could not read postgresql+asyncpg://shop:***@db/shop: connect ECONNREFUSED 10.0.0.5:5432' },
    );
    const markdown = renderContextMarkdown(context);
    expect(markdown).toContain('- current: unknown (could not read postgresql+asyncpg://shop:***@db/shop: connect ECONNREFUSED 10.0.0.5:5432)');
    expect(markdown).not.toContain('pending');
    expect(markdown).toContain('### Recent migrations');
    expect(markdown).toContain('### Tables in the models');
  });

  it('shows an empty database with its reason and everything pending, oldest first', () => {
    const context = syntheticContext(
      { migrations: 3 },
      { current: null, currentRevisions: [], pending: [revisionId(0), revisionId(1), revisionId(2)], currentReason: 'instance/stk.db does not exist yet: no migration has been applied' },
    );
    const markdown = renderContextMarkdown(context);
    expect(markdown).toContain('- current: none (instance/stk.db does not exist yet: no migration has been applied)');
    const pending = markdown.split('\n').filter((line) => line.startsWith('  - '));
    expect(pending).toEqual([0, 1, 2].map((i) => `  - \`${revisionId(i)}\` migration number ${i} (alembic/versions/${revisionId(i)}_m${i}.py)`));
  });

  it('says there are no migrations yet', () => {
    const markdown = renderContextMarkdown(syntheticContext({ migrations: 0 }, { current: null, currentRevisions: [], pending: [] }));
    expect(markdown).toContain('- head: none (no migrations yet)');
    expect(markdown).toContain('Recent migrations (newest first, 0 in all)');
  });

  it('shows a merge parent list and a base', () => {
    const context = syntheticContext({ migrations: 2 });
    context.migrations.unshift({ revision: 'm3rg3', downRevision: ['aaa', 'bbb'], message: 'merge heads', file: 'alembic/versions/m3rg3_merge.py' });
    const markdown = renderContextMarkdown(context);
    expect(markdown).toContain('| `m3rg3` | aaa, bbb | merge heads | alembic/versions/m3rg3_merge.py |');
    expect(markdown).toContain(`| \`${revisionId(0)}\` | base | migration number 0 |`);
  });
});

describe('renderContextMarkdown: project, tables and hints', () => {
  it('shows runner, CLI, package, dialect and the masked URL with its source', () => {
    const markdown = renderContextMarkdown(syntheticContext());
    expect(markdown.split('\n').slice(0, 5)).toEqual([
      '### Project `shop`',
      '- runner: `uv run`; migration CLI: `stk db`; app package: `shop`',
      '- database: postgresql `postgresql+asyncpg://shop:***@db/shop` (from SQLALCHEMY_DATABASE_URI)',
      '- Alembic: `alembic.ini`',
      '- versions: `alembic/versions`',
    ]);
  });

  it('says there is no database and why (where it looked) when there is no URL, and when there is no app package', () => {
    const context = syntheticContext();
    const reason = 'no database configured: alembic.ini has no sqlalchemy.url, and env.py reads the URL only from there (nor SQLALCHEMY_DATABASE_URI in the environment or .env)';
    context.project = { ...context.project, database: null, dialect: null, databaseSource: null, appPackage: null };
    Object.assign(context, { current: null, currentRevisions: null, pending: null, currentSource: 'configuration', currentReason: reason });
    const markdown = renderContextMarkdown(context);
    expect(markdown).toContain('- database: none configured (see current below)');
    expect(markdown).toContain(`- current: unknown (${reason})`);
    expect(markdown).toContain('app package: not found');
  });

  it("names Flask-Migrate's folder, and the other environments of alembic.ini with how to pick one", () => {
    const flask = syntheticContext();
    flask.project = { ...flask.project, layout: 'flask-migrate', alembicIni: 'migrations/alembic.ini', scriptLocation: 'migrations' };
    expect(renderContextMarkdown(flask)).toContain("- Alembic: Flask-Migrate's `migrations`");
    const several = syntheticContext();
    several.project = { ...several.project, alembicIni: 'src/ledger/alembic.ini', section: 'core', sections: ['core', 'tenant'] };
    expect(renderContextMarkdown(several)).toContain('- Alembic: `src/ledger/alembic.ini`, environment `core` (also `tenant`: pass `--name <section>` to every command for another)');
  });

  it('lists tables with class (or Table(...) for association tables) and file:line', () => {
    const markdown = renderContextMarkdown(syntheticContext({ tables: 2 }));
    expect(markdown).toContain('| `table_0` | `Table(...)` | app/feature0/models.py:10 |');
    expect(markdown).toContain('| `table_1` | Model1 | app/feature0/models.py:30 |');
  });

  it('hints that a migration is needed when models changed after the newest one, naming at most 5 files', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `app/${name}/models.py`);
    const markdown = renderContextMarkdown(syntheticContext({}, { modelChanges: { files, reason: 'committed after the newest migration' } }));
    expect(markdown).toContain('### Attention');
    expect(markdown).toContain(
      '- ⚠ models changed after the newest migration (committed after the newest migration): `app/a/models.py`, `app/b/models.py`, `app/c/models.py`, `app/d/models.py`, `app/e/models.py`, …; a new migration is probably needed',
    );
    expect(markdown).not.toContain('app/f/models.py');
  });

  it('has no hint and no Attention section when nothing changed and nothing is wrong', () => {
    const markdown = renderContextMarkdown(syntheticContext({}, { modelChanges: { files: [], reason: 'no change after the newest migration' } }));
    expect(markdown).not.toContain('Attention');
    expect(markdown).not.toContain('models changed');
  });

  it('puts the shadowing warning first, on its own line, and nothing when there is none', () => {
    const warning = '⚠ stk-skills: .claude/skills/stk-migrate/ (an old copy of stk-migrate) takes /stk-migrate. Fix: run `stk-migrate install`.';
    expect(lines(renderContextMarkdown(syntheticContext({}, { shadowing: warning }))).slice(0, 3)).toEqual([warning, '', '### Project `shop`']);
    expect(renderContextMarkdown(syntheticContext())).not.toContain('stk-skills');
  });

  it('lists problems with file and line', () => {
    const markdown = renderContextMarkdown(
      syntheticContext({}, { problems: [{ kind: 'missing-parent', file: 'alembic/versions/x_y.py', line: 1, message: 'revision x names parent gone, which no file declares' }] }),
    );
    expect(markdown).toContain('- ✗ alembic/versions/x_y.py:1: revision x names parent gone, which no file declares');
  });

  it('keeps table rows intact when a message holds | or a backtick', () => {
    const context = syntheticContext({ migrations: 1 });
    context.migrations[0] = { ...context.migrations[0]!, revision: 'ab`c', message: 'split a|b into columns' };
    const markdown = renderContextMarkdown(context);
    expect(markdown).toContain("| `ab'c` | base | split a\\|b into columns |");
  });
});

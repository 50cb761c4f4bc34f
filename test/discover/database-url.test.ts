import { describe, expect, it } from 'vitest';
import { discoverIn } from '../helpers/discover.js';
import { fixtureProject, isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

const urls = {
  flag: 'postgresql+asyncpg://flag:flagpw@flaghost/app',
  config: 'postgresql+psycopg2://cfg:cfgpw@cfghost/app',
  env: 'mysql+pymysql://envuser:envpw@envhost/app',
  dotenv: 'sqlite+aiosqlite:///instance/dotenv.db',
  ini: 'sqlite:///instance/ini.db',
};

/** A project where every source of the URL is set; `drop` leaves some out. */
function projectWithEverySource(drop: string[] = []): string {
  const files: Record<string, string> = {
    'alembic.ini': `[alembic]\nscript_location = alembic\n${drop.includes('ini') ? '' : `sqlalchemy.url = ${urls.ini}\n`}`,
    '.env': `QUART_APP=run.py\n${drop.includes('dotenv') ? '# SQLALCHEMY_DATABASE_URI=postgresql://commented:out@h/db\n' : `SQLALCHEMY_DATABASE_URI="${urls.dotenv}"\n`}`,
  };
  if (!drop.includes('config')) files['.stk-migrate.json'] = JSON.stringify({ databaseUrl: urls.config });
  return writeFiles(tempDir('url'), files);
}

describe('database URL precedence: --database-url > config > SQLALCHEMY_DATABASE_URI > .env > alembic.ini', () => {
  const env = { SQLALCHEMY_DATABASE_URI: urls.env };

  it('takes --database-url over everything', async () => {
    const project = await discoverIn(projectWithEverySource(), { env, databaseUrl: urls.flag });
    expect(project.database).toEqual({ url: urls.flag, masked: 'postgresql+asyncpg://flag:***@flaghost/app', dialect: 'postgresql', source: '--database-url' });
  });

  it('then the stk-migrate config', async () => {
    const project = await discoverIn(projectWithEverySource(), { env });
    expect(project.database).toMatchObject({ url: urls.config, dialect: 'postgresql', source: 'stk-migrate config' });
  });

  it('then the SQLALCHEMY_DATABASE_URI environment variable', async () => {
    const project = await discoverIn(projectWithEverySource(['config']), { env });
    expect(project.database).toMatchObject({ url: urls.env, masked: 'mysql+pymysql://envuser:***@envhost/app', dialect: 'mysql', source: 'SQLALCHEMY_DATABASE_URI' });
  });

  it('then .env (quotes removed)', async () => {
    const project = await discoverIn(projectWithEverySource(['config']));
    expect(project.database).toMatchObject({ url: urls.dotenv, dialect: 'sqlite', source: '.env' });
  });

  it('then alembic.ini, skipping a commented-out .env line', async () => {
    const project = await discoverIn(projectWithEverySource(['config', 'dotenv']));
    expect(project.database).toMatchObject({ url: urls.ini, dialect: 'sqlite', source: 'alembic.ini' });
  });

  it('is undefined when no source has one', async () => {
    const project = await discoverIn(projectWithEverySource(['config', 'dotenv', 'ini']));
    expect(project.database).toBeUndefined();
  });

  it('ignores an empty SQLALCHEMY_DATABASE_URI', async () => {
    const project = await discoverIn(projectWithEverySource(['config']), { env: { SQLALCHEMY_DATABASE_URI: '' } });
    expect(project.database?.source).toBe('.env');
  });

  it("ignores the alembic template placeholder driver://user:pass@localhost/dbname", async () => {
    const project = await discoverIn(fixtureProject('plain-alembic'));
    expect(project.database).toBeUndefined();
  });

  it('reads a [DEFAULT]-interpolated alembic.ini URL', async () => {
    const root = writeFiles(tempDir('iniurl'), { 'alembic.ini': '[DEFAULT]\ndb = app.db\n\n[alembic]\nsqlalchemy.url = sqlite:///%(here)s/%(db)s\n' });
    expect((await discoverIn(root)).database?.url).toBe(`sqlite:///${root}/app.db`);
  });

  it('treats an alembic.ini URL with an unresolved %(...)s as a placeholder', async () => {
    const root = writeFiles(tempDir('iniph'), { 'alembic.ini': '[alembic]\nsqlalchemy.url = %(DATABASE_URL)s\n' });
    expect((await discoverIn(root)).database).toBeUndefined();
  });
});

describe('database URL: dialects and masking', () => {
  it.each([
    ['sqlite:///instance/stk.db', 'sqlite'],
    ['sqlite+aiosqlite:////abs/stk.db', 'sqlite'],
    ['postgresql://stk:hunter2@db/stk', 'postgresql'],
    ['postgresql+psycopg2://stk:hunter2@db/stk', 'postgresql'],
    ['postgresql+asyncpg://stk:hunter2@db:5432/stk', 'postgresql'],
    ['mysql://stk:hunter2@db/stk', 'mysql'],
  ])('%s is %s and its password never shows in the masked URL', async (url, dialect) => {
    const project = await discoverIn(writeFiles(tempDir('dialect'), { 'alembic.ini': '[alembic]\n' }), { env: { SQLALCHEMY_DATABASE_URI: url } });
    expect(project.database?.dialect).toBe(dialect);
    expect(project.database?.masked).not.toContain('hunter2');
  });

  it('keeps the password out of everything discovery returns except the raw url', async () => {
    const secret = 'secret';
    const root = writeFiles(tempDir('mask'), { 'alembic.ini': '[alembic]\n' });
    const project = await discoverIn(root, { env: { SQLALCHEMY_DATABASE_URI: `postgresql://u:${secret}@h/db?sslmode=require&password=${secret}2` } });
    const { url, ...rest } = project.database!;
    expect(url).toContain(secret);
    expect(JSON.stringify({ ...project, database: rest })).not.toContain(secret);
    expect(rest.masked).toBe('postgresql://u:***@h/db?sslmode=require&password=***');
  });
});

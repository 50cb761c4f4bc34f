import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppTarget, withBootedApp } from '../../scripts/lib/app/boot.js';
import { loadApp } from '../../scripts/lib/app/load.js';
import type { Project } from '../../scripts/lib/discover/types.js';
import { modelClasses } from '../../scripts/lib/models/classes.js';
import { loadModels } from '../../scripts/lib/models/load.js';
import { discoverIn } from '../helpers/discover.js';
import { copyExample } from '../helpers/example-project.js';
import { isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();
const TIMEOUT = { timeout: 90_000 };

async function boot<T>(project: Project, work: Parameters<typeof withBootedApp<T>>[2]): Promise<T> {
  const models = modelClasses((await loadModels(project)).files);
  return withBootedApp(project, { command: 'test', timeoutSeconds: 60, models, env: {} }, work);
}

describe('findAppTarget', () => {
  const project = (files: Record<string, string>) => discoverIn(writeFiles(tempDir('target'), { 'alembic.ini': '[alembic]\nscript_location = alembic\n', 'alembic/env.py': '', ...files }));

  it('reads QUART_APP in its forms, then run.py, then <package>/app.py', async () => {
    expect(findAppTarget(await project({ '.env': 'QUART_APP=run.py\n' }), {})).toEqual({ module: 'run', call: false, source: 'QUART_APP in .env' });
    expect(findAppTarget(await project({}), { QUART_APP: 'shop.app:create_app()' })).toEqual({ module: 'shop.app', attribute: 'create_app', call: true, source: 'QUART_APP in the environment' });
    expect(findAppTarget(await project({}), { QUART_APP: 'shop/wsgi.py:application' })).toMatchObject({ module: 'shop.wsgi', attribute: 'application', call: false });
    expect(findAppTarget(await project({ 'run.py': '' }), {})).toEqual({ module: 'run', call: false, source: 'run.py' });
    expect(findAppTarget(await project({ 'pyproject.toml': '[project]\nname = "shop"\n', 'shop/__init__.py': '', 'shop/app.py': '', 'shop/models.py': '' }), {})).toEqual({
      module: 'shop.app',
      attribute: 'create_app',
      call: true,
      source: 'shop/app.py',
    });
  });
});

describe('withBootedApp on a copy of examples/stk-app', () => {
  let example: { root: string; cleanup: () => void };
  beforeAll(() => {
    example = copyExample();
  });
  afterAll(() => example.cleanup());

  it('boots the app at head with a signed-in admin: the url_map matches the routes read from source, requests and rows work', TIMEOUT, async () => {
    const project = await discoverIn(example.root);
    const declared = (await loadApp(project)).routes.map((route) => `${[...route.methods].sort().join(',')} ${route.path} ${route.endpoint}`).sort();
    await boot(project, async (app) => {
      expect(app.rules.map((rule) => `${rule.methods.join(',')} ${rule.rule} ${rule.endpoint}`).sort()).toEqual(declared);
      expect(app.admin).toMatchObject({ email: 'stk-smoke-admin@example.invalid', table: 'user' });
      const users = await app.request({ method: 'GET', path: '/api/users' });
      expect(users.status).toBe(200);
      expect(users.json).toMatchObject({ total: 1, items: [{ email: 'stk-smoke-admin@example.invalid', roles: [{ name: 'admin' }] }] });
      expect((await app.request({ method: 'GET', path: '/api/users', signed: false })).status).toBe(401);
      expect(await app.count('user')).toBe(1);
      expect((await app.rows('role')).map((row) => row.name)).toEqual(['admin']);
      expect(await app.parentRow('user')).toMatchObject({ email: 'stk-smoke-admin@example.invalid' });
    });
  });

  it('serves the same app over HTTP on 127.0.0.1 with the admin\'s session cookie, for a browser', TIMEOUT, async () => {
    await boot(await discoverIn(example.root), async (app) => {
      const url = await app.serve();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const cookie = await app.sessionCookie();
      const page = await fetch(`${url}/users/`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
      expect((await fetch(`${url}/users/`)).status).toBe(401);
    });
  });

  it('refuses an app whose settings ignore the throwaway database, before any request', TIMEOUT, async () => {
    const settings = join(example.root, 'stkapp', 'settings.py');
    const original = readFileSync(settings, 'utf8');
    const mine = join(example.root, 'instance', 'mine.db');
    writeFileSync(settings, original.replace('os.environ.get("SQLALCHEMY_DATABASE_URI") or DEFAULT_DATABASE_URI', `"sqlite+aiosqlite:///${mine}"`));
    try {
      await expect(boot(await discoverIn(example.root), async () => 'ran')).rejects.toThrow(/the app's SQLALCHEMY_DATABASE_URI is not the throwaway database/);
      expect(existsSync(mine)).toBe(false);
    } finally {
      writeFileSync(settings, original);
    }
  });
});

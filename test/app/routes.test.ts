import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApp } from '../../scripts/lib/app/load.js';
import type { AppModel, AppRoute } from '../../scripts/lib/app/model.js';
import { renderRoutesText } from '../../scripts/lib/app/render.js';
import { discoverIn } from '../helpers/discover.js';
import { exampleRoot } from '../helpers/example-project.js';
import { systemPython } from '../helpers/python.js';
import { fixturesDir, isolateParseCache, useTempDirs } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

function routeTable(model: AppModel): string[] {
  return model.routes.map((route) => `${route.methods.join(',')} ${route.path} ${route.handler} ${route.file}:${route.line} ${route.async ? 'async' : 'sync'} ${route.auth.source}`);
}

function route(model: AppModel, path: string, method = 'GET'): AppRoute {
  const found = model.routes.find((candidate) => candidate.path === path && candidate.methods.includes(method));
  if (!found) throw new Error(`no ${method} ${path} among ${routeTable(model).join('\n')}`);
  return found;
}

describe('routes of examples/stk-app', () => {
  let model: AppModel;
  beforeAll(async () => {
    model = await loadApp(await discoverIn(exampleRoot));
  });

  it('finds every blueprint by what it is assigned, whatever its variable is called, with where the app registers it', () => {
    expect(model.blueprints.filter((item) => item.kind === 'blueprint').map((item) => [item.variable, item.name, item.file, item.registrations.map((r) => `${r.file}:${r.function}`)])).toEqual([
      ['bp_blog', 'blog', 'stkapp/blog/views.py', ['stkapp/app.py:register_blueprints']],
      ['bp', 'public', 'stkapp/public/views.py', ['stkapp/app.py:register_blueprints']],
      ['bp_user', 'users', 'stkapp/user/views.py', ['stkapp/app.py:register_blueprints']],
    ]);
    expect(model.problems).toEqual([]);
  });

  it('finds every route with its methods, handler, line, async and auth', () => {
    expect(routeTable(model)).toEqual([
      'GET /posts/ posts_page stkapp/blog/views.py:15 async blueprint',
      'GET / index stkapp/public/views.py:15 async none',
      'GET /login login_page stkapp/public/views.py:20 async none',
      'POST /login login stkapp/public/views.py:25 async none',
      'POST /logout logout stkapp/public/views.py:42 async none',
      'GET /me me stkapp/public/views.py:48 async none',
      'GET /users/ users_page stkapp/user/views.py:31 async blueprint',
      'GET /api/users api_users stkapp/user/views.py:36 async blueprint',
      'POST /api/user/ api_user_create stkapp/user/views.py:52 async blueprint',
      'POST /api/user/<int:id> api_user_update stkapp/user/views.py:73 async blueprint',
      'DELETE /api/user/<int:id> api_user_delete stkapp/user/views.py:91 async blueprint',
      'GET /api/roles api_roles stkapp/user/views.py:109 async blueprint',
    ]);
  });

  it('names the blueprint-level auth: the before_request handler and its decorators', () => {
    const users = model.blueprints.find((item) => item.variable === 'bp_user')!;
    expect(users.auth).toEqual([
      {
        function: 'before_request',
        file: 'stkapp/user/views.py',
        line: 24,
        decorators: [
          { name: 'auth_required', text: 'auth_required("session")', line: 25 },
          { name: 'roles_required', text: 'roles_required("admin")', line: 26 },
        ],
      },
    ]);
    expect(route(model, '/api/users').auth).toEqual({ source: 'blueprint', sources: ['blueprint'], decorators: ['auth_required("session")', 'roles_required("admin")'] });
    expect(route(model, '/login', 'POST').auth).toEqual({ source: 'none', sources: [], decorators: [] });
  });

  it('agrees with the url_map of the app booted by its own interpreter', async () => {
    const database = join(tempDir('routes'), 'never-opened.db');
    const program = [
      'import json',
      'from stkapp.app import create_app',
      'app = create_app()',
      'rules = [[sorted(m for m in r.methods if m not in ("HEAD", "OPTIONS")), r.rule, r.endpoint] for r in app.url_map.iter_rules() if r.endpoint != "static"]',
      'print(json.dumps(rules))',
    ].join('\n');
    const result = await execa(systemPython, ['-c', program], { cwd: exampleRoot, env: { SQLALCHEMY_DATABASE_URI: `sqlite+aiosqlite:///${database}`, PYTHONDONTWRITEBYTECODE: '1' } });
    const booted = (JSON.parse(result.stdout) as [string[], string, string][]).map(([methods, rule, endpoint]) => `${methods.join(',')} ${rule} ${endpoint}`).sort();
    const read = model.routes.map((item) => `${[...item.methods].sort().join(',')} ${item.path} ${item.endpoint}`).sort();
    expect(read).toEqual(booted);
  });

  it('renders one block per blueprint in text', () => {
    const text = renderRoutesText(model);
    expect(text).toContain('blueprint users (bp_user) stkapp/user/views.py:13, url_prefix none');
    expect(text).toContain('  registered: stkapp/app.py:39 in register_blueprints()');
    expect(text).toContain('  blueprint-level auth: auth_required("session"), roles_required("admin") on before_request() at stkapp/user/views.py:24');
    expect(text).toMatch(/^ {2}DELETE +\/api\/user\/<int:id> +api_user_delete +stkapp\/user\/views\.py:91 +async +auth: blueprint$/m);
    expect(text).toContain('12 routes in 3 blueprints; 5 without auth');
  });
});

describe('routes of a project that registers blueprints every way', () => {
  let model: AppModel;
  beforeAll(async () => {
    model = await loadApp(await discoverIn(join(fixturesDir, 'app', 'shapes')));
  });

  it('follows aliases, module attributes, re-exports, loops over blueprints, registration prefixes and nested blueprints', () => {
    expect(routeTable(model)).toEqual([
      'DELETE /admin/cache clear_cache shop/admin/views.py:14 async blueprint',
      'WEBSOCKET /admin/live live shop/admin/views.py:19 async blueprint',
      'GET /health health shop/app.py:14 async none',
      'GET /whoami whoami shop/app.py:18 async route',
      'GET /catalog/ index shop/catalog/views.py:8 async none',
      'GET,POST /catalog/items items shop/catalog/views.py:13 async route',
      'GET /catalog/export export shop/catalog/views.py:23 sync none',
      'GET /catalog/api/v1/products/<int:product_id> product shop/catalog/views.py:27 async none',
      'POST /shop/orders/<id> update shop/orders/views.py:7 sync none',
      'GET /nowhere nowhere shop/orders/views.py:12 async none',
    ]);
  });

  it('tells registered blueprints from those the app never registers', () => {
    const registered = Object.fromEntries(model.blueprints.map((item) => [item.name ?? item.variable, item.registered]));
    expect(registered).toEqual({ application: true, admin: true, catalog: true, catalog_api: true, orders: true, unused: false });
    expect(model.blueprints.find((item) => item.name === 'orders')).toMatchObject({ declaredPrefix: '/orders', urlPrefix: '/shop/orders' });
  });

  it('keeps route-level auth decorators, blueprint hooks and names them as written', () => {
    expect(route(model, '/catalog/items', 'POST').auth.decorators).toEqual(['auth_required("token", "session")']);
    expect(route(model, '/whoami').auth.decorators).toEqual(['login_required']);
    expect(route(model, '/admin/cache', 'DELETE').auth.decorators).toEqual(['auth_required("session")', 'roles_required("admin")']);
  });
});

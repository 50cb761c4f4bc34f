import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApiContext, findModel, unknownModel, type ApiContext } from '../../scripts/lib/api/context.js';
import { renderApiContextMarkdown } from '../../scripts/lib/api/markdown.js';
import { loadApiProject, type ApiProject } from '../../scripts/lib/api/project.js';
import { discoverIn } from '../helpers/discover.js';
import { copyExample, exampleRoot, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

function contextOf(api: ApiProject, name: string): ApiContext {
  const model = findModel(api, name);
  if (!model) throw new Error(unknownModel(api, name));
  return buildApiContext(api, model);
}

describe('the API context of examples/stk-app', () => {
  let api: ApiProject;
  beforeAll(async () => {
    api = await loadApiProject(await discoverIn(exampleRoot));
  });

  it('describes Post: file, table, columns with types, nullability, defaults and foreign keys, relationships and their lazy', () => {
    const { model } = contextOf(api, 'Post');
    expect(model).toMatchObject({ name: 'Post', file: 'stkapp/blog/models.py', line: 23, table: 'post', toDict: null, fromDict: null });
    const columns = Object.fromEntries(model.columns.map((column) => [column.name, column]));
    expect(Object.keys(columns).sort()).toEqual(['body', 'created_at', 'id', 'meta', 'published_at', 'status', 'title', 'user_id']);
    expect(columns.title).toMatchObject({ type: 'String', length: 255, nullable: false, default: null });
    expect(columns.status).toMatchObject({ default: { value: 'draft', literal: true }, serverDefault: 'draft' });
    expect(columns.created_at).toMatchObject({ type: 'DateTime', default: { value: 'datetime.now', literal: false } });
    expect(columns.user_id).toMatchObject({ foreignKey: { target: 'user.id', ondelete: null }, index: true, nullable: true });
    expect(columns.published_at).toMatchObject({ type: 'DateTime', nullable: true, index: true });
    expect(model.relationships).toEqual([{ name: 'author', target: 'User', lazy: 'selectin', secondary: null, backPopulates: null, line: 34 }]);
    expect(model.searchColumns).toEqual(['title', 'status', 'body']);
    expect(model.requiredColumns).toEqual(['title']);
  });

  it('places Post in the blog blueprint beside it, with its blueprint-level auth, and plans the free paths (the page exists)', () => {
    const context = contextOf(api, 'Post');
    expect(context.blueprint).toMatchObject({ variable: 'bp_blog', name: 'blog', file: 'stkapp/blog/views.py', urlPrefix: null, registered: true, auth: ['auth_required("session")', 'roles_required("admin")'] });
    expect(context.routes).toEqual([]);
    expect(context.planned.map((route) => [route.method, route.path, route.handler, route.existing?.handler ?? null])).toEqual([
      ['GET', '/api/posts', 'api_posts', null],
      ['POST', '/api/post/', 'api_post_create', null],
      ['POST', '/api/post/<int:id>', 'api_post_update', null],
      ['DELETE', '/api/post/<int:id>', 'api_post_delete', null],
      ['GET', '/posts/', 'posts_page', 'posts_page'],
    ]);
    expect(context.conventions).toEqual({ serializer: 'json', authModule: 'stkapp.security', activity: { name: 'Activity', file: 'stkapp/user/models.py', line: 88 } });
  });

  it('reads what to_dict and the async from_dict of User cover, the routes that use it, and the collisions', () => {
    const context = contextOf(api, 'User');
    expect(context.model.toDict).toMatchObject({ async: false, kind: 'instance', covers: ['id', 'email', 'name', 'active', 'created_at'], missing: ['password', 'fs_uniquifier', 'last_login_at'] });
    expect(context.model.fromDict).toMatchObject({ async: true, kind: 'instance', covers: ['email', 'name', 'active'] });
    expect(context.routes.map((route) => `${route.methods.join(',')} ${route.path}`)).toEqual(['POST /login', 'GET /api/users', 'POST /api/user/', 'POST /api/user/<int:id>', 'DELETE /api/user/<int:id>']);
    expect(context.planned.every((route) => route.existing !== null)).toBe(true);
    expect(context.notes.join('\n')).toContain('api-new refuses while GET /api/users');
  });

  it('neither searches nor proposes the secrets of User (password, fs_uniquifier), and says why', () => {
    const context = contextOf(api, 'User');
    expect(context.model.searchColumns).toEqual(['email', 'name']);
    expect(context.model.sensitiveColumns).toEqual(['password', 'fs_uniquifier']);
    expect(context.notes).toContain(
      '`password`, `fs_uniquifier` hold secrets (named like a password, token, key, hash or salt): api-new leaves them out of the search; the handler sets them itself (hash a password, generate a token), and a create fails until it sets `fs_uniquifier` (NOT NULL, no default)',
    );
    expect(renderApiContextMarkdown(context)).toContain('- list search (ilike): `email`, `name`; required on create:');
  });

  it('names close matches for an unknown model', () => {
    expect(findModel(api, 'Pst')).toBeUndefined();
    expect(unknownModel(api, 'Pst')).toMatch(/^no model class called Pst; did you mean Post\?/);
    expect(unknownModel(api, 'users')).toContain('did you mean User');
    expect(findModel(api, 'post')?.name).toBe('Post');
  });

  it('renders the facts as short Markdown', () => {
    const text = renderApiContextMarkdown(contextOf(api, 'Post'));
    expect(text).toContain('### Model `Post` (stkapp/blog/models.py:23, table `post`)');
    expect(text).toContain('| `user_id` | Integer | yes |  | FK user.id, index |');
    expect(text).toContain('- relationships: `author` → User (lazy=selectin)');
    expect(text).toContain('### Blueprint `blog` (`bp_blog`, stkapp/blog/views.py:5)');
    expect(text).toContain('| `GET /posts/` | `posts_page` | taken: GET /posts/ → posts_page (stkapp/blog/views.py:15, auth: blueprint) |');
    expect(text).toContain("the standard library's `json.dumps(..., default=str)`");
    expect(text.split('\n').length).toBeLessThan(60);
  });
});

describe('what the context reads of other projects', () => {
  it('finds orjson among the dependencies, relationships without selectin, a classmethod from_dict and a model without a blueprint', async () => {
    const root = writeFiles(tempDir('api-context'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["quart>=0.19", "orjson>=3.9"]\n',
      'shop/__init__.py': '',
      'shop/things/__init__.py': '',
      'shop/things/models.py': [
        'from sqlalchemy import Column, Integer, String',
        'from sqlalchemy.orm import relationship',
        'from shop.extensions import Base',
        '',
        'class Thing(Base):',
        '    __tablename__ = "thing"',
        '    id = Column(Integer, primary_key=True)',
        '    name = Column(String(80), nullable=False)',
        '    parts = relationship("Part", lazy="dynamic")',
        '',
        '    @classmethod',
        '    def from_dict(cls, data):',
        '        thing = cls()',
        '        thing.name = data["name"]',
        '        return thing',
      ].join('\n'),
    });
    const api = await loadApiProject(await discoverIn(root));
    expect(api.serializer).toBe('orjson');
    expect(api.authModule).toBe('quart_security');
    const context = contextOf(api, 'Thing');
    expect(context.blueprint).toBeNull();
    expect(context.blueprintProblem).toContain('no blueprint is declared in shop/things/');
    expect(context.model.fromDict).toMatchObject({ kind: 'classmethod', async: false });
    expect(context.notes.join('\n')).toContain('Thing.from_dict is a classmethod');
    expect(context.notes.join('\n')).toContain('relationship Thing.parts is lazy=dynamic');
    expect(context.notes.join('\n')).toContain('no Activity model');
  });
});

describe('the secrets of a model with its own to_dict and from_dict', () => {
  it('warns that its to_dict hands out a secret and its from_dict stores one as sent', async () => {
    const root = writeFiles(tempDir('api-context-secrets'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'shop/__init__.py': '',
      'shop/keys/__init__.py': '',
      'shop/keys/models.py': [
        'from sqlalchemy import Column, Integer, String',
        'from shop.extensions import Base',
        '',
        'class Client(Base):',
        '    __tablename__ = "client"',
        '    id = Column(Integer, primary_key=True)',
        '    name = Column(String(80), nullable=False)',
        '    api_key = Column(String(64), nullable=True)',
        '',
        '    def to_dict(self):',
        '        return {"id": self.id, "name": self.name, "api_key": self.api_key}',
        '',
        '    async def from_dict(self, data):',
        '        self.name = data.get("name", self.name)',
        '        self.api_key = data.get("api_key", self.api_key)',
        '        return self',
      ].join('\n'),
    });
    const context = contextOf(await loadApiProject(await discoverIn(root)), 'Client');
    expect(context.notes.filter((note) => note.includes('api_key'))).toEqual([
      '`api_key` holds a secret (named like a password, token, key, hash or salt): api-new leaves it out of the search; the handler sets it itself (hash a password, generate a token)',
      'Client.to_dict reads `api_key`: keep it out of what it returns, or every list response and activity row carries it',
      'Client.from_dict sets `api_key` as the client sent it: hash or generate it in the handler instead',
    ]);
  });
});

describe('stk-migrate api-context (the bundle the skill runs)', () => {
  it('prints the context for a model, a list of models without one, and one line with exit 0 on any error', async () => {
    const post = await stkMigrate(exampleRoot, 'api-context', 'Post');
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain('### Model `Post`');
    const none = await stkMigrate(exampleRoot, 'api-context', '');
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain('- `Post` (stkapp/blog/models.py:23, table `post`): no route uses it yet');
    const unknown = await stkMigrate(exampleRoot, 'api-context', 'Pst');
    expect(unknown.exitCode).toBe(0);
    expect(unknown.stdout.trim().split('\n')).toHaveLength(1);
    expect(unknown.stdout).toContain('did you mean Post?');
    const nowhere = await stkMigrate(tempDir('no-project'), 'api-context', 'Post');
    expect(nowhere.exitCode).toBe(0);
    expect(nowhere.stdout.trim().split('\n')).toHaveLength(1);
    expect(nowhere.stdout).toMatch(/^stk-migrate api-context: no Alembic project/);
    const json = JSON.parse((await stkMigrate(exampleRoot, 'api-context', 'Post', '--format', 'json')).stdout) as ApiContext;
    expect(json.model.name).toBe('Post');
    expect(join('x', json.blueprint!.file)).toBe(join('x', 'stkapp/blog/views.py'));
  });

  it('under --format json, answers an unknown model or a missing project with one JSON error document and exit 2', async () => {
    const example = copyExample();
    try {
      const unknown = await stkMigrate(example.root, 'api-context', 'Pst', '--format', 'json');
      expect([unknown.exitCode, JSON.parse(unknown.stdout)]).toEqual([2, { error: { code: 'usage', message: 'no model class called Pst; did you mean Post? (models: Post, Role, User, OAuth, Activity)' } }]);
      expect(unknown.stderr).toBe('stk-migrate api-context: no model class called Pst; did you mean Post? (models: Post, Role, User, OAuth, Activity)');
      const missing = join(example.root, 'nowhere');
      const nowhere = await stkMigrate(example.root, 'api-context', 'Post', '--project', missing, '--format', 'json');
      expect([nowhere.exitCode, JSON.parse(nowhere.stdout)]).toEqual([2, { error: { code: 'no-project', message: `--project ${missing}: no such folder` } }]);
    } finally {
      example.cleanup();
    }
  });
});

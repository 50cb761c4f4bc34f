import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planApiNew } from '../../scripts/lib/api/draft/plan.js';
import { loadApiProject } from '../../scripts/lib/api/project.js';
import { parseAppFile } from '../../scripts/lib/app/read.js';
import { firstSyntaxProblem, parsePython } from '../../scripts/lib/parse/python.js';
import { discoverIn } from '../helpers/discover.js';
import { addAccountModel, copyExample, stkMigrate } from '../helpers/example-project.js';
import { isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';
import { treeHashes } from '../helpers/tree.js';

isolateParseCache();
const tempDir = useTempDirs();

const modelSource = [
  'import dataclasses',
  'from datetime import date',
  '',
  'from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, Numeric, String, Text',
  '',
  'from shop.extensions import Base',
  '',
  '',
  '@dataclasses.dataclass(eq=False)',
  'class InvoiceLine(Base):',
  '    __tablename__ = "invoice_line"',
  '',
  '    id = Column(Integer, primary_key=True)',
  '    sku = Column(String(12), unique=True, nullable=False)',
  '    note = Column(Text)',
  '    price = Column(Numeric(10, 2), nullable=False, default=0)',
  '    paid = Column(Boolean, default=False)',
  '    due = Column(Date)',
  '    extra = Column(JSON)',
  '    invoice_id = Column(Integer, ForeignKey("invoice.id"), nullable=False)',
  '',
].join('\n');

/** A small project whose blueprint has no auth of its own and whose views import in parentheses. */
function shop(extra: Record<string, string> = {}): string {
  return writeFiles(tempDir('api-new'), {
    'alembic.ini': '[alembic]\nscript_location = alembic\n',
    'alembic/env.py': '',
    'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["orjson"]\n',
    'shop/__init__.py': '',
    'shop/app.py': 'from quart import Quart\n\nfrom shop.billing.views import billing\n\n\ndef create_app():\n    app = Quart(__name__)\n    app.register_blueprint(billing)\n    return app\n',
    'shop/user/models.py':
      'from sqlalchemy import JSON, Column, Integer, String\n\nfrom shop.extensions import Base\n\n\nclass Activity(Base):\n    __tablename__ = "activity"\n    id = Column(Integer, primary_key=True)\n    action = Column(String(100))\n    data = Column(JSON)\n\n    @classmethod\n    async def register(cls, user_id, action, data=None):\n        return cls()\n',
    'shop/billing/__init__.py': '',
    'shop/billing/models.py': modelSource,
    'shop/billing/views.py': [
      'from quart import (',
      '    Blueprint,',
      '    render_template,',
      ')',
      'from quart_security import auth_required',
      '',
      'billing = Blueprint("billing", __name__)',
      '',
      '',
      '@billing.get("/invoice_lines/")',
      '@auth_required("session")',
      'async def invoice_lines_page():',
      '    return await render_template("cms/invoice_lines.html")',
      '',
      '',
      'def helper():',
      '    return 1',
      '',
    ].join('\n'),
    ...extra,
  });
}

async function plan(root: string, model: string, blueprint?: string) {
  return planApiNew(await loadApiProject(await discoverIn(root)), model, { blueprint });
}

describe('api-new on a project of another shape', () => {
  it('adds route-level auth when the blueprint has none, serialises with orjson, merges parenthesised imports', async () => {
    const root = shop();
    const { report, previews } = await plan(root, 'InvoiceLine');
    expect(report.status).toBe('dry-run');
    expect(report.routes.map((route) => `${route.method} ${route.path} ${route.handler}`)).toEqual([
      'GET /api/invoice_lines api_invoice_lines',
      'POST /api/invoice_line/ api_invoice_line_create',
      'POST /api/invoice_line/<int:id> api_invoice_line_update',
      'DELETE /api/invoice_line/<int:id> api_invoice_line_delete',
    ]);
    const views = previews.find((preview) => preview.file === 'shop/billing/views.py')!.after;
    expect(views).toContain('from quart import (\n    Blueprint,\n    Response,\n    g,\n    render_template,\n    request,\n)\n');
    expect(views).toContain('from quart_security import auth_required, current_user, roles_required\n');
    expect(views).toContain('import orjson\n');
    expect(views).toContain('from shop.billing.models import InvoiceLine\nfrom shop.user.models import Activity\n');
    expect(views).toContain('return Response(orjson.dumps({"items": items, "total": total, "perPage": per_page}, default=str), content_type="application/json")');
    expect(views).toContain('@billing.post("/api/invoice_line/")\n@auth_required("session")\n@roles_required("admin")\nasync def api_invoice_line_create():');
    expect(views).toContain('    if data.get("sku") in (None, ""):\n        return {"message": "sku is required."}, 400\n');
    expect(views).toContain('matches = or_(InvoiceLine.sku.ilike(f"%{search}%"), InvoiceLine.note.ilike(f"%{search}%"))');
    // after the blueprint's last route, before the helper that is not a route
    expect(views.indexOf('async def api_invoice_lines')).toBeGreaterThan(views.indexOf('async def invoice_lines_page'));
    expect(views.indexOf('async def api_invoice_lines')).toBeLessThan(views.indexOf('def helper'));
    const app = await parseAppFile(views, 'shop/billing/views.py');
    expect(app.problem).toBeUndefined();
    expect(app.handlers.filter((handler) => handler.kind === 'route').every((handler) => handler.auth.length > 0 || handler.function === 'invoice_lines_page')).toBe(true);
  });

  it('adds to_dict and an async from_dict to the model: ISO dates, numbers as float, the managed columns left out', async () => {
    const { previews, report } = await plan(shop(), 'InvoiceLine');
    expect(report.modelMethods).toEqual(['to_dict', 'from_dict']);
    const model = previews.find((preview) => preview.file === 'shop/billing/models.py')!.after;
    expect(model).toContain('            "due": self.due.isoformat() if self.due else None,\n');
    expect(model).toContain('            "price": float(self.price) if self.price is not None else None,\n');
    expect(model).toContain('    async def from_dict(self, data):\n        for key in ("sku", "note", "price", "paid", "extra", "invoice_id"):\n');
    expect(model).toContain('            self.due = date.fromisoformat(data["due"]) if data["due"] else None\n');
    expect(firstSyntaxProblem((await parsePython(model)).rootNode)).toBeUndefined();
  });

  it('never asks the client for a required secret, and says the handler must set it', async () => {
    const withKey = `${modelSource}\n\nclass ApiClient(Base):\n    __tablename__ = "api_client"\n\n    id = Column(Integer, primary_key=True)\n    name = Column(String(80), nullable=False)\n    secret_hash = Column(String(128), nullable=False)\n`;
    const { report, previews } = await plan(shop({ 'shop/billing/models.py': withKey }), 'ApiClient');
    const views = previews.find((preview) => preview.file === 'shop/billing/views.py')!.after;
    expect(views).toContain('    if data.get("name") in (None, ""):\n');
    expect(views).not.toContain('secret_hash');
    expect(report.notes).toContain(
      '`secret_hash` holds a secret (named like a password, token, key, hash or salt): api-new leaves it out of the search, to_dict (so the list and the activity log) and from_dict (what a client may set); the handler sets it itself (hash a password, generate a token), and a create fails until it sets `secret_hash` (NOT NULL, no default)',
    );
  });

  it('refuses, writing nothing, when a route of the model exists, and when a handler name is taken', async () => {
    const root = shop({
      'shop/billing/views.py': 'from quart import Blueprint\n\nbilling = Blueprint("billing", __name__)\n\n\n@billing.delete("/api/invoice_line/<int:line_id>")\nasync def remove(line_id):\n    return {}\n',
    });
    const { report, changes } = await plan(root, 'InvoiceLine');
    expect(report.status).toBe('refused');
    expect(changes).toEqual([]);
    expect(report.refused).toBe('DELETE /api/invoice_line/<int:id> is already remove() at shop/billing/views.py:6; nothing was written');
    const clash = shop({ 'shop/billing/views.py': 'from quart import Blueprint\n\nbilling = Blueprint("billing", __name__)\n\n\ndef api_invoice_lines():\n    return []\n' });
    await expect(plan(clash, 'InvoiceLine')).rejects.toThrow('shop/billing/views.py already defines api_invoice_lines()');
  });

  it('takes --blueprint by name or variable, and says which exist when it is wrong', async () => {
    const root = shop({ 'shop/billing/admin.py': 'from quart import Blueprint\n\nadmin = Blueprint("billing_admin", __name__, url_prefix="/admin")\n' });
    const { report } = await plan(root, 'InvoiceLine', 'billing_admin');
    expect(report.routes[0]).toMatchObject({ path: '/admin/api/invoice_lines', file: 'shop/billing/admin.py' });
    // that blueprint has no page for the model yet: the draft adds it, with render_template imported
    expect(report.routes.find((route) => route.kind === 'page')).toMatchObject({ method: 'GET', path: '/admin/invoice_lines/', handler: 'invoice_lines_page' });
    await expect(plan(root, 'InvoiceLine', 'nope')).rejects.toThrow('InvoiceLine: no blueprint is called nope; blueprints: billing_admin (admin, shop/billing/admin.py), billing (billing, shop/billing/views.py)');
  });
});

describe('stk-migrate api-new on a copy of examples/stk-app', () => {
  let example: { root: string; cleanup: () => void };
  beforeAll(() => {
    example = copyExample();
  });
  afterAll(() => example.cleanup());

  it('--dry-run prints the diff and changes nothing', async () => {
    const before = treeHashes(example.root);
    const run = await stkMigrate(example.root, 'api-new', 'Post', '--dry-run');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('+++ b/stkapp/blog/views.py');
    expect(run.stdout).toContain('+@bp_blog.delete("/api/post/<int:id>")');
    expect(run.stdout).toContain('api-new Post: would write stkapp/blog/views.py and stkapp/blog/models.py (blueprint blog)');
    expect(treeHashes(example.root)).toEqual(before);
  });

  it('writes the endpoints and the model methods; the result passes api-check and routes shows them with the blueprint\'s auth', async () => {
    const run = await stkMigrate(example.root, 'api-new', 'Post', '--format', 'json');
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { status: string; files: string[]; modelMethods: string[] };
    expect(report).toMatchObject({ status: 'written', files: ['stkapp/blog/views.py', 'stkapp/blog/models.py'], modelMethods: ['to_dict', 'from_dict'] });
    const views = readFileSync(join(example.root, 'stkapp/blog/views.py'), 'utf8');
    const fromQuart = views.split('\n').filter((line) => line.startsWith('from quart import'));
    expect(fromQuart).toEqual(['from quart import Blueprint, Response, g, render_template, request']);
    expect(views.split('\n').filter((line) => line.startsWith('from stkapp.security import'))).toEqual(['from stkapp.security import auth_required, current_user, roles_required']);
    const check = await stkMigrate(example.root, 'api-check');
    expect(check.stdout).toBe('checked 3 files (every file that declares routes)\nno findings');
    expect(check.exitCode).toBe(0);
    const routes = (await stkMigrate(example.root, 'routes')).stdout;
    expect(routes).toMatch(/^ {2}GET +\/api\/posts +api_posts +stkapp\/blog\/views\.py:\d+ +async +auth: blueprint$/m);
    expect(routes).toMatch(/^ {2}DELETE +\/api\/post\/<int:id> +api_post_delete +stkapp\/blog\/views\.py:\d+ +async +auth: blueprint$/m);
  });

  it('refuses a second time, and for User, changing nothing', async () => {
    const before = treeHashes(example.root);
    const again = await stkMigrate(example.root, 'api-new', 'Post');
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toMatch(/^api-new Post: refused: GET \/api\/posts is already api_posts\(\) at stkapp\/blog\/views\.py:\d+; /);
    const user = await stkMigrate(example.root, 'api-new', 'User');
    expect(user.exitCode).toBe(1);
    expect(treeHashes(example.root)).toEqual(before);
    const unknown = await stkMigrate(example.root, 'api-new', 'Pst');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe('stk-migrate: no model class called Pst; did you mean Post? (models: Post, Role, User, OAuth, Activity)');
  });
});

describe('stk-migrate api-new for a model with secrets, on a copy of examples/stk-app', () => {
  let example: { root: string; cleanup: () => void };
  beforeAll(() => {
    example = copyExample();
    addAccountModel(example.root);
  });
  afterAll(() => example.cleanup());

  it('keeps password and api_token out of to_dict (so the list and the activity log), from_dict and the search, and says so', async () => {
    const run = await stkMigrate(example.root, 'api-new', 'Account');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      '  ⚠ `password`, `api_token` hold secrets (named like a password, token, key, hash or salt): api-new leaves them out of the search, to_dict (so the list and the activity log) and from_dict (what a client may set); the handler sets them itself (hash a password, generate a token)\n',
    );
    const views = readFileSync(join(example.root, 'stkapp/blog/views.py'), 'utf8');
    const drafted = views.slice(views.indexOf('async def api_accounts'));
    expect(drafted).toContain('        matches = Account.email.ilike(f"%{search}%")\n');
    expect(drafted).toContain('await Activity.register(current_user.id, "Account Create", account.to_dict())');
    expect(drafted).not.toMatch(/password|api_token/);
    const models = readFileSync(join(example.root, 'stkapp/blog/models.py'), 'utf8');
    const account = models.slice(models.indexOf('class Account'));
    expect(account).toContain('    def to_dict(self):\n        return {\n            "id": self.id,\n            "email": self.email,\n        }\n');
    expect(account).toContain('    async def from_dict(self, data):\n        for key in ("email",):\n');
    expect(account.slice(account.indexOf('def to_dict'))).not.toMatch(/password|api_token/);
  });
});

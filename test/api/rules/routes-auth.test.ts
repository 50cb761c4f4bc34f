import { ruleTester, views, lineOf } from './harness.js';
import { goodApi, goodCreate, goodList } from './good.js';

const app = `
from quart import Quart

from shop.things.views import bp as things
from shop.other.views import bp as other


def create_app():
    app = Quart(__name__)
    app.register_blueprint(things)
    app.register_blueprint(other, url_prefix="/x")
    return app
`;

const twice = views(`${goodList}\n\n@bp.get("/api/things")\nasync def api_things_again():\n    return {}`);
const renamedVariable = views(`${goodApi}\n\n@bp.post("/api/thing/<int:thing_id>")\nasync def api_thing_touch(thing_id):\n    return {}`);
const otherBlueprint = `from quart import Blueprint\n\nbp = Blueprint("other", __name__)\n\n\n@bp.get("/api/things")\nasync def clash():\n    return {}\n`;
const prefixed = `from quart import Blueprint\n\nbp = Blueprint("other", __name__)\n\n\n@bp.get("/things")\nasync def clash():\n    return {}\n`;

ruleTester('route-conflict', {
  severity: 'error',
  valid: [
    { name: 'the conventional endpoints: same path, different methods', code: views(goodApi) },
    { name: 'the same rule under another url_prefix', code: { 'shop/things/views.py': views(goodList), 'shop/other/views.py': prefixed.replace('"/things"', '"/api/things"'), 'shop/app.py': app } },
    { name: 'GET and POST on one path', code: views(`@bp.route("/api/x", methods=["GET"])\nasync def a():\n    return {}\n\n\n@bp.route("/api/x", methods=["POST"])\nasync def b():\n    return {}`) },
  ],
  invalid: [
    { name: 'the same method and path twice in one blueprint', code: twice, lines: [lineOf(twice, '@bp.get("/api/things")'), lineOf(twice, '@bp.get("/api/things")', 2)], message: 'GET /api/things is also declared' },
    { name: 'converter names differ, the path is the same', code: renamedVariable, lines: [lineOf(renamedVariable, '@bp.post("/api/thing/<int:id>")'), lineOf(renamedVariable, '<int:thing_id>')] },
    {
      name: 'another blueprint registered without a prefix declares it',
      code: { 'shop/things/views.py': views(goodList), 'shop/other/views.py': otherBlueprint, 'shop/app.py': app.replace(', url_prefix="/x"', '') },
      lines: [lineOf(views(goodList), '@bp.get("/api/things")')],
      message: 'shop/other/views.py',
    },
  ],
});

const openBlueprint = views(`${goodList}\n\n${goodCreate}`, { auth: false });
const mixed = views(
  `@bp.get("/api/things")\n@auth_required("session")\nasync def api_things():\n    return {}\n\n\n@bp.get("/api/things/export")\nasync def api_things_export():\n    return {}`,
  { auth: false },
);
const signIn = views(`@bp.post("/login")\nasync def login():\n    login_user(user)\n    return {}`, { auth: false }).replace('from shop.security import', 'from shop.security import login_user,');

ruleTester('unprotected-route', {
  severity: 'error',
  valid: [
    { name: 'blueprint-level auth covers every route', code: views(goodApi) },
    { name: 'route decorators on the mutation', code: views(`@bp.post("/api/thing/")\n@auth_required("session")\n@roles_required("admin")\nasync def create():\n    return {}`, { auth: false }) },
    { name: 'a public read-only blueprint', code: views('@bp.get("/")\nasync def index():\n    return {}\n\n\n@bp.get("/about")\nasync def about():\n    return {}', { auth: false }) },
    { name: 'a sign-in handler', code: signIn },
  ],
  invalid: [
    { name: 'a mutation without auth', code: openBlueprint, lines: [lineOf(openBlueprint, '@bp.post("/api/thing/")')], message: 'it changes data' },
    { name: 'a route without auth next to protected ones', code: mixed, lines: [lineOf(mixed, '@bp.get("/api/things/export")')], message: 'other routes of blueprint things require auth' },
  ],
});

import { goodApi, goodCreate, goodList, goodUpdate } from './good.js';
import { lineOf, ruleTester, views } from './harness.js';

const noCheck = views(goodUpdate.replace('    if thing is None:\n        return {"message": "Thing not found."}, 404\n', ''));
const checkAfterUse = views(
  goodUpdate.replace('    if thing is None:\n        return {"message": "Thing not found."}, 404\n    data', '    old_name = thing.name\n    if thing is None:\n        return {"message": "Thing not found."}, 404\n    data'),
);
const checkWithoutReturn = views(goodUpdate.replace('        return {"message": "Thing not found."}, 404', '        log.warning("no thing %s", id)'));
const scalarOrNone = views(`
@bp.get("/api/thing/by-name/<name>")
async def api_thing_by_name(name):
    result = await g.db_session.execute(select(Thing).where(Thing.name == name))
    thing = result.scalar_one_or_none()
    return thing.to_dict()
`);
const positive = views(`
@bp.get("/api/thing/<int:id>")
async def api_thing(id):
    thing = await g.db_session.get(Thing, id)
    if thing:
        return thing.to_dict()
    return {"message": "Thing not found."}, 404
`);
const aborts = views(`
@bp.get("/api/thing/<int:id>")
async def api_thing(id):
    thing = await g.db_session.get(Thing, id)
    if not thing:
        abort(404)
    return thing.to_dict()
`);
const orCondition = views(`
@bp.get("/api/thing/<int:id>")
async def api_thing(id):
    thing = await g.db_session.get(Thing, id)
    if thing is None or not thing.visible:
        return {"message": "Thing not found."}, 404
    return thing.to_dict()
`);
const elseBranch = views(`
@bp.get("/api/thing/<int:id>")
async def api_thing(id):
    thing = await g.db_session.get(Thing, id)
    if thing is not None:
        name = thing.name
    else:
        name = thing.name
    return {"name": name}
`);

ruleTester('missing-not-found', {
  severity: 'error',
  valid: [
    { name: 'the conventional endpoints', code: views(goodApi) },
    { name: 'used only where it exists', code: positive },
    { name: 'abort(404)', code: aborts },
    { name: 'a check joined by or', code: orCondition },
    { name: 'dict.get is not a session get', code: views('@bp.get("/api/x")\nasync def x():\n    value = request.args.get("x")\n    return {"x": value.upper()}') },
  ],
  invalid: [
    { name: 'no check at all', code: noCheck, lines: [lineOf(noCheck, 'old = thing.to_dict()')], message: '`thing` may be None' },
    { name: 'used before the check', code: checkAfterUse, lines: [lineOf(checkAfterUse, 'old_name = thing.name')] },
    { name: 'a check that does not stop', code: checkWithoutReturn, lines: [lineOf(checkWithoutReturn, 'old = thing.to_dict()')] },
    { name: 'scalar_one_or_none()', code: scalarOrNone, lines: [lineOf(scalarOrNone, 'return thing.to_dict()')] },
    { name: 'used in the else of a presence check', code: elseBranch, lines: [lineOf(elseBranch, 'name = thing.name', 2)] },
  ],
});

const rawBody = views(goodCreate.replace('(await request.json or {}).get("item", {})', 'await request.json'));
const getJson = views(goodUpdate.replace('(await request.json or {}).get("item", {})', '(await request.get_json()) or {}'));
const unwrappedLater = views(goodCreate.replace('data = (await request.json or {}).get("item", {})', 'body = await request.json\n    data = body["item"]'));

ruleTester('item-wrapper', {
  severity: 'error',
  valid: [
    { name: 'the conventional endpoints', code: views(goodApi) },
    { name: 'unwrapped through a variable', code: unwrappedLater },
    { name: 'a POST that writes nothing', code: views('@bp.post("/api/search")\nasync def search():\n    query = await request.json\n    return {"query": query}') },
  ],
  invalid: [
    { name: 'the body given to from_dict as it is', code: rawBody, lines: [lineOf(rawBody, 'data = await request.json')], message: 'without its `item` wrapper' },
    { name: 'request.get_json() without item', code: getJson, lines: [lineOf(getJson, 'request.get_json()')] },
  ],
});

const unbounded = views(goodList.replace('min(max(request.args.get("per_page", 25, type=int), 1), 100)', 'request.args.get("per_page", 25, type=int)'));
const limitDirect = views(goodList.replace('.limit(per_page)', '.limit(request.args.get("limit", 25, type=int))'));
const checkedLater = views(goodList.replace('min(max(request.args.get("per_page", 25, type=int), 1), 100)', 'request.args.get("per_page", 25, type=int)\n    if per_page > 100:\n        per_page = 100'));
const minLater = views(goodList.replace('min(max(request.args.get("per_page", 25, type=int), 1), 100)', 'request.args.get("per_page", 25, type=int)\n    per_page = min(per_page, 100)'));

ruleTester('unbounded-page-size', {
  severity: 'warning',
  valid: [
    { name: 'min(max(...), MAX)', code: views(goodList) },
    { name: 'compared with a maximum later', code: checkedLater },
    { name: 'min() later', code: minLater },
  ],
  invalid: [
    { name: 'per_page straight from the request', code: unbounded, lines: [lineOf(unbounded, 'per_page = request.args.get')], message: 'without an upper bound' },
    { name: 'a limit argument used directly', code: limitDirect, lines: [lineOf(limitDirect, 'request.args.get("limit"')] },
  ],
});

const belowOne = views(goodList.replace('max(request.args.get("page", 1, type=int), 1)', 'request.args.get("page", 1, type=int)'));
const checked = views(goodList.replace('max(request.args.get("page", 1, type=int), 1)', 'request.args.get("page", 1, type=int)\n    if page < 1:\n        return {"message": "page starts at 1"}, 400'));

ruleTester('page-below-one', {
  severity: 'warning',
  valid: [
    { name: 'max(..., 1)', code: views(goodList) },
    { name: 'a check for page < 1', code: checked },
  ],
  invalid: [{ name: 'page straight from the request', code: belowOne, lines: [lineOf(belowOne, 'page = request.args.get("page"')], message: 'negative offset' }],
});

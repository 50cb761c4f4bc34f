import { goodApi, goodCreate, goodDelete, goodUpdate } from './good.js';
import { lineOf, ruleTester, views } from './harness.js';

const bareCommit = views(`
@bp.post("/api/thing/")
async def api_thing_create():
    thing = Thing()
    await thing.from_dict((await request.json).get("item", {}))
    g.db_session.add(thing)
    await g.db_session.flush()
    await Activity.register(current_user.id, "Thing Create", thing.to_dict())
    await g.db_session.commit()
    return {"message": "Thing created."}
`);
const exceptWithoutRollback = goodUpdate.replace('        await g.db_session.rollback()\n', '');
const commitInExcept = views(`
@bp.delete("/api/thing/<int:id>")
async def api_thing_delete(id):
    try:
        await Activity.register(current_user.id, "Thing Delete", {"id": id})
        await g.db_session.execute(delete_statement)
    except Exception:
        await g.db_session.rollback()
        await g.db_session.commit()
    return {"message": "Thing deleted."}
`);
const nestedTry = views(`
@bp.post("/api/thing/<int:id>/archive")
async def api_thing_archive(id):
    try:
        if id:
            try:
                await Activity.register(current_user.id, "Thing Archive", {"id": id})
                await g.db_session.commit()
            except ValueError:
                raise
    except Exception:
        await g.db_session.rollback()
        return {"message": "Error."}, 412
    return {"message": "Archived."}
`);

ruleTester('mutation-without-rollback', {
  severity: 'error',
  valid: [
    { name: 'the conventional endpoints', code: views(goodApi) },
    { name: 'an outer try rolls back for an inner one', code: nestedTry },
    { name: 'a GET that commits (not a mutation route)', code: views('@bp.get("/api/visit")\nasync def visit():\n    await g.db_session.commit()\n    return {}') },
  ],
  invalid: [
    { name: 'a commit without try', code: bareCommit, lines: [lineOf(bareCommit, 'await g.db_session.commit()')] },
    { name: 'an except that does not roll back', code: views(exceptWithoutRollback), lines: [lineOf(views(exceptWithoutRollback), 'await g.db_session.commit()')] },
    { name: 'a commit inside the except clause', code: commitInExcept, lines: [lineOf(commitInExcept, 'await g.db_session.commit()')] },
  ],
});

const unlogged = views(goodDelete.replace(/ {8}await Activity\.register\(.*\n/, ''));
const unloggedCreate = views(goodCreate.replace(/ {8}await Activity\.register\(.*\n/, ''));
const moduleActivity = views(goodCreate.replace('await Activity.register', 'await models.Activity.register')).replace('from shop.things.models import Activity, Thing', 'from shop.things import models\nfrom shop.things.models import Thing');

ruleTester('mutation-not-logged', {
  severity: 'warning',
  valid: [
    { name: 'the conventional endpoints', code: views(goodApi) },
    { name: 'Activity reached through its module', code: moduleActivity },
    { name: 'a mutation route that does not write (a preview)', code: views('@bp.post("/api/thing/preview")\nasync def preview():\n    data = (await request.json or {}).get("item", {})\n    return {"message": str(data)}') },
  ],
  invalid: [
    { name: 'a delete without the log', code: unlogged, lines: [lineOf(unlogged, 'async def api_thing_delete')], message: 'without Activity.register' },
    { name: 'a create without the log', code: unloggedCreate, lines: [lineOf(unloggedCreate, 'async def api_thing_create')] },
  ],
});

const logBeforeFlush = views(goodCreate.replace('        await g.db_session.flush()\n', ''));
const idBeforeFlush = views(goodCreate.replace('        await g.db_session.flush()\n', '').replace('thing.to_dict()', '{"id": thing.id}'));
const flushAfter = views(goodCreate.replace('        await g.db_session.flush()\n', '').replace('        await g.db_session.commit()\n', '        await g.db_session.commit()\n        await g.db_session.flush()\n'));
const commitFirst = views(
  goodCreate.replace('        await g.db_session.flush()\n', '        await g.db_session.commit()\n').replace('thing.to_dict())\n        await g.db_session.commit()', 'thing.to_dict())\n        await g.db_session.commit()'),
);

ruleTester('create-without-flush', {
  severity: 'error',
  valid: [
    { name: 'flush between add and log', code: views(goodCreate) },
    { name: 'commit between add and log', code: commitFirst },
    { name: 'a log that does not name the new row', code: views(goodCreate.replace('        await g.db_session.flush()\n', '').replace('thing.to_dict()', '{"count": 1}')) },
  ],
  invalid: [
    { name: 'to_dict() logged before the flush', code: logBeforeFlush, lines: [lineOf(logBeforeFlush, 'await Activity.register')], message: 'before the flush' },
    { name: 'the id logged before the flush', code: idBeforeFlush, lines: [lineOf(idBeforeFlush, 'await Activity.register')] },
    { name: 'a flush only after the log', code: flushAfter, lines: [lineOf(flushAfter, 'await Activity.register')] },
  ],
});

/** Endpoints in stk's conventions (what api-new writes): every API rule must stay silent on them. */
export const goodList = `
@bp.get("/api/things")
async def api_things():
    page = max(request.args.get("page", 1, type=int), 1)
    per_page = min(max(request.args.get("per_page", 25, type=int), 1), 100)
    query = select(Thing)
    count = select(func.count()).select_from(Thing)
    result = await g.db_session.execute(query.offset((page - 1) * per_page).limit(per_page))
    total = await g.db_session.scalar(count)
    return Response("{}", content_type="application/json")
`;

export const goodCreate = `
@bp.post("/api/thing/")
async def api_thing_create():
    data = (await request.json or {}).get("item", {})
    thing = Thing()
    try:
        await thing.from_dict(data)
        g.db_session.add(thing)
        await g.db_session.flush()
        await Activity.register(current_user.id, "Thing Create", thing.to_dict())
        await g.db_session.commit()
    except Exception:
        await g.db_session.rollback()
        log.exception("creating a thing failed")
        return {"message": "Error creating the thing."}, 412
    return {"message": "Thing created.", "id": thing.id}
`;

export const goodUpdate = `
@bp.post("/api/thing/<int:id>")
async def api_thing_update(id):
    thing = await g.db_session.get(Thing, id)
    if thing is None:
        return {"message": "Thing not found."}, 404
    data = (await request.json or {}).get("item", {})
    old = thing.to_dict()
    try:
        await thing.from_dict(data)
        await Activity.register(current_user.id, "Thing Update", {"old": old, "new": thing.to_dict()})
        await g.db_session.commit()
    except Exception:
        await g.db_session.rollback()
        log.exception("updating thing %s failed", id)
        return {"message": "Error updating the thing."}, 412
    return {"message": "Thing updated."}
`;

export const goodDelete = `
@bp.delete("/api/thing/<int:id>")
async def api_thing_delete(id):
    thing = await g.db_session.get(Thing, id)
    if thing is None:
        return {"message": "Thing not found."}, 404
    try:
        await Activity.register(current_user.id, "Thing Delete", thing.to_dict())
        await g.db_session.delete(thing)
        await g.db_session.commit()
    except Exception:
        await g.db_session.rollback()
        log.exception("deleting thing %s failed", id)
        return {"message": "Error deleting the thing."}, 412
    return {"message": "Thing deleted."}
`;

export const goodApi = [goodList, goodCreate, goodUpdate, goodDelete].join('\n\n');

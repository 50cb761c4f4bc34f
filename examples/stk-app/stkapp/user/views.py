import json
import logging
import uuid

from quart import Blueprint, Response, g, render_template, request
from sqlalchemy import func, or_, select

from stkapp.security import auth_required, current_user, hash_password, roles_required
from stkapp.user.models import Activity, Role, User

log = logging.getLogger(__name__)

bp_user = Blueprint("users", __name__)

PER_PAGE = 25
MAX_PER_PAGE = 100


def json_response(payload, status=200):
    # stk serialises with orjson; Debian has no orjson, so the example uses the standard library.
    return Response(json.dumps(payload, default=str), status=status, content_type="application/json")


@bp_user.before_request
@auth_required("session")
@roles_required("admin")
async def before_request():
    pass


@bp_user.get("/users/")
async def users_page():
    return await render_template("cms/users.html")


@bp_user.get("/api/users")
async def api_users():
    page = max(request.args.get("page", 1, type=int), 1)
    per_page = min(max(request.args.get("per_page", PER_PAGE, type=int), 1), MAX_PER_PAGE)
    search = request.args.get("search", "").strip()
    query = select(User)
    count = select(func.count()).select_from(User)
    if search:
        matches = or_(User.email.ilike(f"%{search}%"), User.name.ilike(f"%{search}%"))
        query = query.where(matches)
        count = count.where(matches)
    result = await g.db_session.execute(query.order_by(User.id.desc()).offset((page - 1) * per_page).limit(per_page))
    total = await g.db_session.scalar(count)
    return json_response({"items": [user.to_dict() for user in result.scalars()], "total": total, "perPage": per_page})


@bp_user.post("/api/user/")
async def api_user_create():
    data = (await request.json or {}).get("item", {})
    if not data.get("email"):
        return json_response({"message": "An email is required."}, 400)
    user = User(fs_uniquifier=uuid.uuid4().hex)
    await user.from_dict(data)
    if data.get("password"):
        user.password = hash_password(data["password"])
    try:
        g.db_session.add(user)
        await g.db_session.flush()
        await Activity.register(current_user.id, "User Create", {"id": user.id, "email": user.email})
        await g.db_session.commit()
    except Exception:
        await g.db_session.rollback()
        log.exception("creating a user failed")
        return json_response({"message": "Error creating the user."}, 412)
    return json_response({"message": "User created.", "id": user.id})


@bp_user.post("/api/user/<int:id>")
async def api_user_update(id):
    user = await g.db_session.get(User, id)
    if user is None:
        return json_response({"message": "User not found."}, 404)
    data = (await request.json or {}).get("item", {})
    old = user.to_dict()
    await user.from_dict(data)
    try:
        await Activity.register(current_user.id, "User Update", {"old": old, "new": user.to_dict()})
        await g.db_session.commit()
    except Exception:
        await g.db_session.rollback()
        log.exception("updating user %s failed", id)
        return json_response({"message": "Error updating the user."}, 412)
    return json_response({"message": "User updated."})


@bp_user.delete("/api/user/<int:id>")
async def api_user_delete(id):
    user = await g.db_session.get(User, id)
    if user is None:
        return json_response({"message": "User not found."}, 404)
    if user.id == current_user.id:
        return json_response({"message": "You cannot delete yourself."}, 400)
    try:
        await g.db_session.delete(user)
        await Activity.register(current_user.id, "User Delete", {"id": id, "email": user.email})
        await g.db_session.commit()
    except Exception:
        await g.db_session.rollback()
        log.exception("deleting user %s failed", id)
        return json_response({"message": "Error deleting the user."}, 412)
    return json_response({"message": "User deleted."})


@bp_user.get("/api/roles")
async def api_roles():
    result = await g.db_session.execute(select(Role).order_by(Role.name))
    return json_response({"items": [role.to_dict() for role in result.scalars()]})

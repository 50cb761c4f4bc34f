from datetime import datetime

from quart import Blueprint, g, render_template, request
from sqlalchemy import select

from stkapp.security import current_user, login_user, logout_user, verify_password
from stkapp.user.models import User

bp = Blueprint("public", __name__)


@bp.route("/")
async def index():
    return {"app": "stk-app", "status": "ok"}


@bp.get("/login")
async def login_page():
    return await render_template("login.html")


@bp.post("/login")
async def login():
    data = await request.get_json(silent=True) or (await request.form).to_dict()
    result = await g.db_session.execute(select(User).where(User.email == data.get("email", "")))
    user = result.scalar_one_or_none()
    if user is None or not user.active or not verify_password(data.get("password", ""), user.password):
        return {"message": "Wrong email or password."}, 401
    login_user(user)
    user.last_login_at = datetime.now()
    await g.db_session.commit()
    return {"message": "Signed in.", "user": user.email}


@bp.post("/logout")
async def logout():
    logout_user()
    return {"message": "Signed out."}


@bp.get("/me")
async def me():
    if not current_user.is_authenticated:
        return {"user": None}
    return {"user": current_user.email}

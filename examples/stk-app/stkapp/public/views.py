from quart import Blueprint

bp = Blueprint("public", __name__)


@bp.route("/")
async def index():
    return {"app": "stk-app", "status": "ok"}

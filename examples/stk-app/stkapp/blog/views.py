from quart import Blueprint, render_template

from stkapp.security import auth_required, roles_required

bp_blog = Blueprint("blog", __name__)


@bp_blog.before_request
@auth_required("session")
@roles_required("admin")
async def before_request():
    pass


@bp_blog.get("/posts/")
async def posts_page():
    return await render_template("cms/posts.html")

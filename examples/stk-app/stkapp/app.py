from quart import Quart, g

from stkapp.blog.views import bp_blog
from stkapp.cli.db import db as db_cli
from stkapp.extensions import db
from stkapp.public.views import bp as public_bp
from stkapp.security import load_user
from stkapp.settings import Config
from stkapp.user.views import bp_user


def create_app(config_object=Config):
    app = Quart(__name__.split(".")[0])
    app.config.from_object(config_object)
    db.init_app(app)
    register_request_session(app)
    register_blueprints(app)
    app.cli.add_command(db_cli)
    return app


def register_request_session(app):
    """One database session per request, on `g.db_session`, and the signed-in user on `g.user`."""

    @app.before_request
    async def open_session():
        g.db_session = db.session()
        await load_user()

    @app.teardown_request
    async def close_session(exception=None):
        session = g.pop("db_session", None)
        if session is not None:
            await session.close()


def register_blueprints(app):
    app.register_blueprint(public_bp)
    app.register_blueprint(bp_user)
    app.register_blueprint(bp_blog)

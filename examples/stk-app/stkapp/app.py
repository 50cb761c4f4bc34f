from quart import Quart

from stkapp.cli.db import db as db_cli
from stkapp.extensions import db
from stkapp.public.views import bp as public_bp
from stkapp.settings import Config


def create_app(config_object=Config):
    app = Quart(__name__.split(".")[0])
    app.config.from_object(config_object)
    db.init_app(app)
    app.register_blueprint(public_bp)
    app.cli.add_command(db_cli)
    return app

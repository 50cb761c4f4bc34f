from stkapp.app import create_app
from stkapp.settings import Config

app = create_app(Config)

import { code, ruleTester } from '../harness.js';

ruleTester('flask-import', {
  defaultSeverity: 'error',
  valid: [
    { name: 'Quart and quart_security', code: code('from quart import Blueprint, request', 'from quart_security import auth_required') },
    { name: 'a module whose name only starts like flask', code: code('import flasks_of_tea', 'from flasket import pour') },
  ],
  invalid: [
    {
      name: 'from flask import, with jsonify left out of the fix',
      code: code('import logging', 'from flask import Blueprint, jsonify, request'),
      lines: [2],
      message: '`flask` is Flask',
      help: 'write `from quart import Blueprint, request` (and return a dict where the code called jsonify)',
    },
    { name: "Flask's application class is called Quart in Quart", code: code('from flask import Flask, Blueprint', 'from flask import Flask as App'), lines: [1, 2], help: 'write `from quart import Quart, Blueprint`' },
    { name: 'an alias keeps its name', code: code('from flask import Flask as App'), lines: [1], help: 'write `from quart import Quart as App`' },
    { name: 'import flask', code: code('import flask'), lines: [1], help: 'write `import quart`' },
    { name: 'flask_security', code: code('from flask_security import auth_required, roles_required'), lines: [1], help: 'write `from quart_security import auth_required, roles_required`' },
    { name: 'flask_sqlalchemy points to Base of the app package', code: code('from flask_sqlalchemy import SQLAlchemy'), lines: [1], help: '`from shop.extensions import Base`' },
    { name: 'any flask extension', code: code('from flask_wtf import FlaskForm'), lines: [1], help: 'quart_wtf' },
    { name: 'a submodule', code: code('from flask.views import MethodView'), lines: [1], help: 'write `from quart.views import MethodView`' },
  ],
});

ruleTester('jsonify', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'a dict returned', code: code('async def show():', '    return {"message": "ok"}') },
    { name: 'a function of our own that happens to be called jsonify_row', code: code('def jsonify_row(row):', '    return row', 'jsonify_row(1)') },
    { name: 'a method named jsonify on something else', code: code('from shop.util import encoder', 'encoder.jsonify(1)') },
  ],
  invalid: [
    { name: "Quart's jsonify with a dict", code: code('from quart import jsonify', '', 'async def show():', '    return jsonify({"message": "ok"})'), lines: [4], help: 'replace it with `{"message": "ok"}`' },
    { name: 'keyword arguments', code: code('from quart import jsonify', 'async def show():', '    return jsonify(message="ok", id=thing.id), 201'), lines: [3], help: 'replace it with `{"message": "ok", "id": thing.id}`' },
    { name: 'a list', code: code('from quart import jsonify', 'async def show(items):', '    return jsonify(items)'), lines: [3], help: 'Response(orjson.dumps(items), content_type="application/json")' },
  ],
});

const handlers = (...body: string[]) => code('from quart import Blueprint, Quart', '', 'bp_user = Blueprint("users", __name__)', '', ...body);

ruleTester('sync-handler', {
  defaultSeverity: 'error',
  valid: [
    { name: 'async route of a freely named blueprint', code: handlers('@bp_user.route("/users/")', 'async def index():', '    return {}') },
    { name: 'a sync helper that is not a handler', code: handlers('def display_name(user):', '    return user.name.title()') },
    { name: 'a click command', code: code('import click', '', '@click.command("hello")', 'def hello():', '    click.echo("hi")') },
    { name: 'a decorator of an object that is not an app', code: code('from shop.cache import cache', '', '@cache.route("/x")', 'def cached():', '    return 1') },
    {
      name: 'async error handler registered on the app parameter',
      code: code('def register_errorhandlers(app):', '    @app.errorhandler(404)', '    async def not_found(error):', '        return {"message": "Not found"}, 404'),
    },
  ],
  invalid: [
    { name: 'a plain def route', code: handlers('@bp_user.route("/users/")', 'def index():', '    return {}'), lines: [6], message: '`index` is a route handler of `bp_user`', help: 'declare it `async def index():`' },
    { name: 'before_request with auth decorators', code: handlers('@bp_user.before_request', '@auth_required("session")', 'def guard():', '    pass'), lines: [7], message: 'is a `before_request` handler of `bp_user`' },
    { name: 'an after_request handler', code: handlers('@bp_user.after_request', 'def stamp(response):', '    return response'), lines: [6], message: '`stamp` is an `after_request` handler of `bp_user`' },
    { name: 'a method shortcut', code: handlers('@bp_user.post("/api/user/")', 'def create(id):', '    pass'), lines: [6], help: 'async def create(id):' },
    { name: 'an error handler on the app parameter', code: code('def register_errorhandlers(app):', '    @app.errorhandler(404)', '    def not_found(error):', '        return {}, 404'), lines: [3], message: '`not_found` is an error handler of `app`' },
    { name: 'a websocket of an app made in create_app', code: code('from quart import Quart', 'def create_app():', '    app = Quart(__name__)', '    @app.websocket("/ws")', '    def ws():', '        pass', '    return app'), lines: [5], message: 'websocket handler' },
  ],
});

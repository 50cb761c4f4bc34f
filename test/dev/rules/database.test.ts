import { code, ruleTester } from '../harness.js';

const models = { 'shop.things.models': code('from shop.extensions import Base', 'class Thing(Base):', '    __tablename__ = "thing"') };
/** An app whose extensions module keeps its own async session factory in `db`, as stk-shaped apps may. */
const ownDb = { 'shop.extensions': code('class Database:', '    def init_app(self, app):', '        pass', '    def session(self):', '        return self._sessionmaker()', '', 'db = Database()') };

ruleTester('flask-sqlalchemy-pattern', {
  defaultSeverity: 'error',
  valid: [
    { name: 'Base and Column', code: code('from sqlalchemy import Column, Integer', 'from shop.extensions import Base', 'class Thing(Base):', '    id = Column(Integer, primary_key=True)') },
    { name: 'a click group called db', code: code('import click', 'db = click.Group("db")', '@db.command()', 'def upgrade():', '    pass') },
    { name: '.query of something that is not a model', code: code('from shop.search import index', 'async def find(q):', '    return index.query(q)', 'params = request.query') },
    { name: "the project's own session factory called db", code: code('from shop.extensions import db', 'async def open_session():', '    g.db_session = db.session()'), modules: ownDb },
    { name: 'the same factory in the module that makes it', code: ownDb['shop.extensions'] + code('async def open_session():', '    return db.session()'), file: 'shop/extensions.py' },
  ],
  invalid: [
    { name: 'db.Model and db.Column', code: code('class Thing(db.Model):', '    id = db.Column(db.Integer, primary_key=True)'), lines: [1, 2], help: '`from shop.extensions import Base`' },
    { name: 'db.session', code: code('async def save(thing):', '    db.session.add(thing)', '    db.session.commit()'), lines: [2, 3], help: 'g.db_session' },
    { name: 'db.Model on a project object that has no Model', code: code('from shop.extensions import db', 'class Thing(db.Model):', '    pass'), modules: ownDb, lines: [2] },
    { name: 'Model.query of an imported model', code: code('from shop.things.models import Thing', 'async def active():', '    return Thing.query.filter_by(active=True).all()'), lines: [3], modules: models, help: 'select(Thing)' },
    { name: 'Model.query of a model of the same file', code: code('class Thing(Base):', '    __tablename__ = "thing"', 'things = Thing.query.all()'), lines: [3] },
  ],
});

ruleTester('legacy-filter', {
  defaultSeverity: 'info',
  valid: [
    { name: 'where', code: code('query = select(Thing).where(Thing.active == True)') },
    { name: 'the builtin filter', code: code('active = list(filter(None, values))') },
    { name: 'filter on something else', code: code('rows = queryset.filter(active=True)') },
  ],
  invalid: [
    { name: '.filter on a select', code: code('query = select(Thing).filter(Thing.active == True)'), lines: [1], help: 'write `.where(Thing.active == True)`' },
    { name: '.filter_by further down the chain', code: code('query = (', '    select(Thing)', '    .order_by(Thing.id)', '    .filter_by(owner_id=user.id)', ')'), lines: [4], help: 'write `.where(Thing.owner_id == user.id)`' },
    { name: 'a legacy session.query', code: code('rows = session.query(Thing).filter(Thing.id > 3).all()'), lines: [1] },
  ],
});

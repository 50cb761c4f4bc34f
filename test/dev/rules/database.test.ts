import { code, ruleTester } from '../harness.js';

const models = { 'shop.things.models': code('from shop.extensions import Base', 'class Thing(Base):', '    __tablename__ = "thing"') };

ruleTester('flask-sqlalchemy-pattern', {
  defaultSeverity: 'error',
  valid: [
    { name: 'Base and Column', code: code('from sqlalchemy import Column, Integer', 'from shop.extensions import Base', 'class Thing(Base):', '    id = Column(Integer, primary_key=True)') },
    { name: 'a click group called db', code: code('import click', 'db = click.Group("db")', '@db.command()', 'def upgrade():', '    pass') },
    { name: '.query of something that is not a model', code: code('from shop.search import index', 'async def find(q):', '    return index.query(q)', 'params = request.query') },
  ],
  invalid: [
    { name: 'db.Model and db.Column', code: code('class Thing(db.Model):', '    id = db.Column(db.Integer, primary_key=True)'), lines: [1, 2], help: '`from shop.extensions import Base`' },
    { name: 'db.session', code: code('async def save(thing):', '    db.session.add(thing)', '    db.session.commit()'), lines: [2, 3], help: 'g.db_session' },
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

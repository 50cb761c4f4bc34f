import type { Node } from '../../../parse/python.js';
import { nodesOfType, qualify, type PythonModule } from '../../python/module.js';
import { instanceClass, lookup, type ProjectSymbols } from '../../python/symbols.js';
import { at, pythonRule, type Report } from '../types.js';

/** What replaces each Flask-SQLAlchemy attribute of `db` (`<pkg>` is the app package). */
const replacements: Record<string, string> = {
  Model: 'inherit `Base` instead: `from <pkg>.extensions import Base` and `class Thing(Base):`',
  Column: 'use `Column` from sqlalchemy: `from sqlalchemy import Column`',
  relationship: 'use `relationship` from sqlalchemy.orm, with `lazy="selectin"`',
  ForeignKey: 'use `ForeignKey` from sqlalchemy',
  Table: 'use `Table(..., Base.metadata, ...)` from sqlalchemy',
  session: 'use the request\'s session, `await g.db_session.execute(...)`, in handlers, and the async session factory (`async with ... as session:`) in CLI code',
  backref: 'use `back_populates=` on both sides, with `lazy="selectin"`',
};

/** Classes of this file that are models, and models of the project modules it imports. */
function isModel(module: PythonModule, symbols: ProjectSymbols, node: Node): boolean {
  if (node.type !== 'identifier') return false;
  if (module.classes.has(node.text)) return symbols.get(module.name)?.classes[node.text]?.model === true;
  const qualified = qualify(module, node);
  return qualified !== undefined && lookup(symbols, qualified)?.class?.model === true;
}

/** Whether `db.<name>` is the project's own API: `db` is an instance of a project class that defines `name` (a session factory's `session()`). */
function ownApi(module: PythonModule, symbols: ProjectSymbols, db: Node, name: string): boolean {
  const local = module.imports.has(db.text) ? undefined : symbols.get(module.name)?.instances[db.text];
  const cls = local ? lookup(symbols, local)?.class : instanceClass(symbols, qualify(module, db) ?? db.text);
  return cls !== undefined && name in cls.methods;
}

export const flaskSqlalchemyPattern = pythonRule({
  id: 'flask-sqlalchemy-pattern',
  group: 'database',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports Flask-SQLAlchemy idioms: `db.Model`, `db.Column`, `db.relationship`, `db.session` and the other attributes of a global `db` object, and `Model.query`. A `db` that is an instance of a project class defining the attribute (an async session factory with a `session()` method) is the project\'s own API and is left alone.',
    why: 'stk has no Flask-SQLAlchemy: there is no global `db` with a synchronous scoped session. Models inherit the declarative `Base` of the app\'s extensions, and each request gets an async session as `g.db_session`. `Model.query` does not exist, and the code fails with AttributeError at import or at the first request.',
    example: 'class Thing(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\nthings = Thing.query.filter_by(active=True).all()',
    fix: 'class Thing(Base):\n    id = Column(Integer, primary_key=True)\n\nthings = (await g.db_session.execute(select(Thing).where(Thing.active == True))).scalars().all()',
  },
  check({ module, symbols, appPackage }) {
    const reports: Report[] = [];
    for (const attribute of nodesOfType(module, 'attribute')) {
      const object = attribute.childForFieldName('object');
      const name = attribute.childForFieldName('attribute')?.text ?? '';
      if (!object) continue;
      if (object.type === 'identifier' && object.text === 'db' && name in replacements && !ownApi(module, symbols, object, name)) {
        reports.push({
          ...at(attribute),
          message: `\`db.${name}\` is Flask-SQLAlchemy, which stk does not have: there is no global \`db\` object, so this fails with AttributeError.`,
          help: replacements[name]!.replace('<pkg>', appPackage ?? '<package>'),
        });
      } else if (name === 'query' && isModel(module, symbols, object)) {
        reports.push({
          ...at(attribute),
          message: `\`${object.text}.query\` is Flask-SQLAlchemy's query property, which stk models do not have: this fails with AttributeError.`,
          help: `query through the session: \`(await g.db_session.execute(select(${object.text}).where(...))).scalars().all()\``,
        });
      }
    }
    return reports;
  },
});

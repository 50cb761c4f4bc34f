import { code, ruleTester } from '../harness.js';

const model = (...body: string[]) => code('from sqlalchemy.orm import relationship', 'from shop.extensions import Base', '', 'class Thing(Base):', '    __tablename__ = "thing"', ...body);
// line 6 is the first line of `body`

ruleTester('lazy-dynamic', {
  defaultSeverity: 'error',
  valid: [
    { name: 'selectin', code: model('    owner = relationship("User", lazy="selectin")') },
    { name: 'other async-safe loaders', code: model('    a = relationship("A", lazy="joined")', '    b = relationship("B", lazy="raise")', '    c = relationship("C", lazy="write_only")') },
    { name: 'a loader from a variable (cannot tell)', code: model('    owner = relationship("User", lazy=LOADER)') },
  ],
  invalid: [
    { name: 'dynamic', code: model('    tags = relationship(', '        "Tag",', '        lazy="dynamic",', '    )'), lines: [8], help: 'lazy="selectin"' },
    { name: 'a dynamic backref', code: model('    owner = relationship("User", backref=backref("things", lazy="dynamic"), lazy="selectin")'), lines: [6] },
    { name: 'no loader named is a warning', code: model('    owner = relationship("User", back_populates="things")'), lines: [6], severity: 'warning', help: 'write `relationship("User", back_populates="things", lazy="selectin")`' },
    { name: 'lazy="select" is a warning', code: model('    owner = relationship("User", lazy="select")'), lines: [6], severity: 'warning', help: 'lazy="selectin"' },
  ],
});

ruleTester('from-dict-classmethod', {
  defaultSeverity: 'error',
  valid: [
    { name: 'an async instance method', code: model('    async def from_dict(self, data):', '        self.name = data.get("name", self.name)', '        return self') },
    { name: 'a classmethod of a class that is not a model', code: code('class Settings:', '    @classmethod', '    def from_dict(cls, data):', '        return cls()') },
  ],
  invalid: [
    { name: 'a classmethod', code: model('    @classmethod', '    def from_dict(cls, data):', '        return cls(**data)'), lines: [6], message: '@classmethod', help: 'async def from_dict(self, data):' },
    { name: 'a staticmethod', code: model('    @staticmethod', '    async def from_dict(data):', '        return Thing(**data)'), lines: [6], message: '@staticmethod' },
    { name: 'a plain def', code: model('    def from_dict(self, data):', '        return self'), lines: [6], message: 'plain `def`' },
    { name: 'a model inheriting another model of the file', code: code('class Thing(Base):', '    __tablename__ = "thing"', 'class Gadget(Thing):', '    def from_dict(self, data):', '        return self'), lines: [4] },
  ],
});

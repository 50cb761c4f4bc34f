import { describe, expect, it } from 'vitest';
import { readModuleNames } from '../../../scripts/lib/migrate/ops/names.js';
import { parsePython } from '../../../scripts/lib/parse/python.js';
import { fixture } from '../rules/harness.js';

async function names(source: string) {
  return readModuleNames((await parsePython(source)).rootNode);
}

describe('readModuleNames', () => {
  it('lists imports with their local names', async () => {
    const { imports } = await names('import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql as pg\nimport os.path\n');
    expect(imports.map((binding) => [binding.name, binding.module, binding.member, binding.line])).toEqual([
      ['sa', 'sqlalchemy', null, 1],
      ['op', 'alembic', 'op', 2],
      ['pg', 'sqlalchemy.dialects', 'postgresql', 3],
      ['os', 'os.path', null, 4],
    ]);
  });

  it('finds the first use of each name never bound', async () => {
    const { unresolved } = await names('from alembic import op\n\ndef upgrade():\n    op.add_column("t", sa.Column("x", sa.Integer()))\n    op.execute(text("x"))\n    sa.text("y")\n');
    expect(unresolved).toEqual([
      { name: 'sa', line: 4, column: 24 },
      { name: 'text', line: 5, column: 16 },
    ]);
  });

  it('does not count bound names: parameters, loops, with/except aliases, comprehensions, lambdas, globals, builtins, keywords and attributes', async () => {
    const source = [
      'import sqlalchemy as sa',
      'from typing import Union',
      'revision: str = "a"',
      'down_revision: Union[str, None] = None',
      'def helper(table, *cols, flag=False, **kw):',
      '    global counter',
      '    counter = len(cols)',
      '    return [c for c in cols if c], (lambda x: x)(table)',
      'def upgrade() -> None:',
      '    for name, kind in {}.items():',
      '        print(name, kind)',
      '    with open("f") as handle:',
      '        pass',
      '    try:',
      '        pass',
      '    except ValueError as error:',
      '        raise RuntimeError(str(error)) from error',
      '    for (left, right) in []:',
      '        print(left, right)',
      '    with open("g") as (first, second):',
      '        print(first, second)',
      '    [x, y] = 1, 2',
      '    if (n := 3) > 2:',
      '        sa.Column("x", sa.Integer(), nullable=n > 0).key',
    ].join('\n');
    expect((await names(source)).unresolved).toEqual([]);
  });

  it('still sees references inside containers that are not targets', async () => {
    expect((await names('x = (a, [b])\nfor i in (c, d):\n    pass\n')).unresolved.map((use) => use.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('resolves names by scope: an import inside upgrade() does not exist in downgrade()', async () => {
    const source = [
      'from alembic import op',
      '',
      'def upgrade():',
      '    import sqlalchemy as sa',
      '    from sqlalchemy.dialects import postgresql',
      '    op.add_column("t", sa.Column("x", postgresql.JSONB()))',
      '',
      'def downgrade():',
      '    op.alter_column("t", "x", type_=sa.Text())',
      '    postgresql.JSONB()',
    ].join('\n');
    expect((await names(source)).unresolved).toEqual([
      { name: 'sa', line: 9, column: 37 },
      { name: 'postgresql', line: 10, column: 5 },
    ]);
  });

  it('follows Python: module names reach every function, class-body names do not reach methods, globals and walruses bind where Python binds them', async () => {
    const source = [
      'import sqlalchemy as sa',
      'class Helper:',
      '    kind = "x"',
      '    def method(self):',
      '        return kind',
      'def upgrade():',
      '    global later',
      '    later = sa.Integer()',
      '    [y for item in [1] if (y := item)]',
      '    print(y)',
      'def downgrade():',
      '    print(later, Helper.kind)',
    ].join('\n');
    expect((await names(source)).unresolved.map((use) => [use.name, use.line])).toEqual([['kind', 5]]);
  });

  it('evaluates defaults and annotations in the scope around the function', async () => {
    const source = 'def upgrade(bind=op_bind, table: "Table" = None):\n    op_bind = 1\n';
    expect((await names(source)).unresolved.map((use) => use.name)).toEqual(['op_bind']);
  });

  it('gives up on star imports rather than guess', async () => {
    expect((await names('from sqlalchemy import *\nColumn("x")\n')).unresolved).toEqual([]);
  });

  it('finds nothing missing in real fixtures', async () => {
    expect((await names(fixture('2c3d4e5f6a7b_add_activity.py'))).unresolved).toEqual([]);
    expect((await names(fixture('2c3d4e5f6a7b_opaque.py'))).unresolved).toEqual([]);
  });
});

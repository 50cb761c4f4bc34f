import { describe, expect, it } from 'vitest';
import { ImportConflict, planImports, type ImportNeed } from '../../scripts/lib/edit/python-imports.js';
import { NameResolver } from '../../scripts/lib/edit/python-names.js';
import { readImports } from '../../scripts/lib/app/module.js';
import { applyEdits } from '../../scripts/lib/edit/text.js';
import { parsePython } from '../../scripts/lib/parse/python.js';

async function withImports(source: string, needs: ImportNeed[], firstParty = 'shop'): Promise<string> {
  const tree = await parsePython(source);
  return applyEdits(source, planImports(source, tree.rootNode, 'shop/things/views.py', needs, firstParty));
}

describe('planImports', () => {
  it('merges names into the existing statement of their module, sorted as isort does, and adds nothing twice', async () => {
    const source = 'from quart import Blueprint, render_template\n\nfrom shop.security import auth_required\n\nbp = Blueprint("x", __name__)\n';
    const out = await withImports(source, [
      { module: 'quart', name: 'request' },
      { module: 'quart', name: 'Response' },
      { module: 'quart', name: 'render_template' },
      { module: 'quart', name: 'g' },
      { module: 'shop.security', name: 'current_user' },
    ]);
    expect(out).toBe('from quart import Blueprint, Response, g, render_template, request\n\nfrom shop.security import auth_required, current_user\n\nbp = Blueprint("x", __name__)\n');
  });

  it('keeps a parenthesised statement on several lines', async () => {
    const source = 'from sqlalchemy import (\n    select,\n    func,\n)\n\nx = 1\n';
    expect(await withImports(source, [{ module: 'sqlalchemy', name: 'or_' }, { module: 'sqlalchemy', name: 'JSON' }])).toBe('from sqlalchemy import (\n    JSON,\n    func,\n    or_,\n    select,\n)\n\nx = 1\n');
  });

  it('places new statements in their section: standard library, third party, first party', async () => {
    const source = '"""Views."""\nfrom quart import Blueprint\n\nfrom shop.security import auth_required\n\nbp = Blueprint("x", __name__)\n';
    const out = await withImports(source, [
      { module: 'logging' },
      { module: 'json' },
      { module: 'sqlalchemy', name: 'select' },
      { module: 'shop.things.models', name: 'Thing' },
      { module: 'orjson' },
    ]);
    expect(out).toBe(
      '"""Views."""\nimport json\nimport logging\n\nimport orjson\nfrom quart import Blueprint\nfrom sqlalchemy import select\n\nfrom shop.security import auth_required\nfrom shop.things.models import Thing\n\nbp = Blueprint("x", __name__)\n',
    );
  });

  it('starts sections in a file without imports, after the docstring', async () => {
    expect(await withImports('"""Doc."""\n\nx = 1\n', [{ module: 'quart', name: 'g' }])).toBe('"""Doc."""\n\nfrom quart import g\n\nx = 1\n');
  });

  it('adds a separate statement rather than rewriting one with comments inside', async () => {
    const source = 'from quart import (  # the web framework\n    Blueprint,\n)\n';
    expect(await withImports(source, [{ module: 'quart', name: 'g' }])).toBe('from quart import (  # the web framework\n    Blueprint,\n)\nfrom quart import g\n');
  });

  it('refuses a name the file already uses for something else', async () => {
    await expect(withImports('from flask import g\n', [{ module: 'quart', name: 'g' }])).rejects.toThrow(ImportConflict);
    await expect(withImports('def select():\n    pass\n', [{ module: 'sqlalchemy', name: 'select' }])).rejects.toThrow(/already uses the name `select`/);
  });
});

describe('NameResolver', () => {
  it('uses the names a file already has: an alias, a module import, or a new import it records', async () => {
    const tree = await parsePython('import sqlalchemy as sa\nfrom quart import request as rq\n');
    const names = new NameResolver(readImports(tree.rootNode, 'shop/views.py'));
    expect(names.use('sqlalchemy', 'select')).toBe('sa.select');
    expect(names.use('quart', 'request')).toBe('rq');
    expect(names.use('quart', 'g')).toBe('g');
    expect(names.use('json')).toBe('json');
    expect(names.needs).toEqual([{ module: 'quart', name: 'g' }, { module: 'json' }]);
  });
});

import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../scripts/lib/discover/dotenv.js';
import { globFiles } from '../../scripts/lib/discover/files.js';
import { iniValue, parseIni } from '../../scripts/lib/discover/ini.js';
import { useTempDirs, writeFiles } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('parseIni and iniValue (configparser as alembic.ini uses it)', () => {
  const text = [
    '# comment',
    '[DEFAULT]',
    'base = %(here)s/db',
    '',
    '[alembic]',
    'Script_Location = %(base)s/migrations',
    'version_locations =',
    '    %(here)s/one',
    '    %(here)s/two',
    'sqlalchemy.url: sqlite:///%(base)s/app.db',
    'percent = 100%% sure',
    'unknown = %(nope)s',
    '; another comment',
    'loop = %(loop)s',
    '',
    '[post_write_hooks]',
    'hooks = black',
  ].join('\n');
  const sections = parseIni(text);
  const vars = { here: '/proj' };

  it('reads sections, keys case-insensitively, = and : separators', () => {
    expect([...sections.keys()]).toEqual(['DEFAULT', 'alembic', 'post_write_hooks']);
    expect(iniValue(sections, 'alembic', 'script_location', vars)).toBe('/proj/db/migrations');
    expect(iniValue(sections, 'alembic', 'sqlalchemy.url', vars)).toBe('sqlite:////proj/db/app.db');
    expect(iniValue(sections, 'post_write_hooks', 'hooks', vars)).toBe('black');
  });

  it('joins continuation lines with newlines', () => {
    expect(iniValue(sections, 'alembic', 'version_locations', vars)).toBe('\n/proj/one\n/proj/two');
  });

  it('turns %% into %, leaves unknown names as written, and stops on self-reference', () => {
    expect(iniValue(sections, 'alembic', 'percent', vars)).toBe('100% sure');
    expect(iniValue(sections, 'alembic', 'unknown', vars)).toBe('%(nope)s');
    expect(() => iniValue(sections, 'alembic', 'loop', vars)).not.toThrow();
  });

  it('falls back to DEFAULT and is undefined for a missing key or section', () => {
    expect(iniValue(sections, 'alembic', 'base', vars)).toBe('/proj/db');
    expect(iniValue(sections, 'alembic', 'missing', vars)).toBeUndefined();
    expect(iniValue(sections, 'nosuchsection', 'hooks', vars)).toBeUndefined();
  });
});

describe('parseDotenv', () => {
  it('reads values as python-dotenv does: export, quotes, comments, blank lines', () => {
    const values = parseDotenv(
      [
        '# SQLALCHEMY_DATABASE_URI=postgresql://commented:out@h/db',
        'QUART_APP=run.py',
        'export SECRET_KEY=abc',
        'SQLALCHEMY_DATABASE_URI="postgresql+asyncpg://stk:stk@localhost:5432/stk"',
        "SINGLE='a # not a comment'",
        'INLINE=value # a comment',
        'HASH=no#comment',
        'MULTI="line1\\nline2"',
        'EMPTY=',
        '=novalue',
        'not a pair',
        '',
      ].join('\r\n'),
    );
    expect(Object.fromEntries(values)).toEqual({
      QUART_APP: 'run.py',
      SECRET_KEY: 'abc',
      SQLALCHEMY_DATABASE_URI: 'postgresql+asyncpg://stk:stk@localhost:5432/stk',
      SINGLE: 'a # not a comment',
      INLINE: 'value',
      HASH: 'no#comment',
      MULTI: 'line1\nline2',
      EMPTY: '',
    });
  });

  it('lets a later line win', () => {
    expect(parseDotenv('A=1\nA=2\n').get('A')).toBe('2');
  });
});

describe('globFiles', () => {
  it('matches the default model globs <pkg>/*/models.py and <pkg>/models.py, sorted, with forward slashes', () => {
    const root = writeFiles(tempDir('glob'), {
      'app/models.py': '',
      'app/user/models.py': '',
      'app/blog/models.py': '',
      'app/blog/deep/models.py': '',
      'app/blog/views.py': '',
      'app/__pycache__/models.py': '',
      'app/.hidden/models.py': '',
      'other/user/models.py': '',
    });
    expect(globFiles(root, ['app/*/models.py', 'app/models.py'])).toEqual(['app/blog/models.py', 'app/models.py', 'app/user/models.py']);
  });

  it('supports ** (any depth, skipping .venv, node_modules and hidden folders) and * inside a name', () => {
    const root = writeFiles(tempDir('glob2'), {
      'pkg/models.py': '',
      'pkg/a/b/models.py': '',
      'pkg/a/b/models_extra.py': '',
      'pkg/a/b/user_models.py': '',
      'pkg/.venv/lib/models.py': '',
      'pkg/node_modules/x/models.py': '',
    });
    expect(globFiles(root, ['pkg/**/models.py'])).toEqual(['pkg/a/b/models.py', 'pkg/models.py']);
    expect(globFiles(root, ['pkg/**/*models*.py'])).toEqual(['pkg/a/b/models.py', 'pkg/a/b/models_extra.py', 'pkg/a/b/user_models.py', 'pkg/models.py']);
    expect(globFiles(root, ['./pkg//models.py'])).toEqual(['pkg/models.py']);
  });

  it('follows a symlinked feature folder and ignores a pattern that matches nothing', () => {
    const root = writeFiles(tempDir('glob3'), { 'shared/feature/models.py': '', 'app/__init__.py': '' });
    symlinkSync(join(root, 'shared', 'feature'), join(root, 'app', 'feature'));
    expect(globFiles(root, ['app/*/models.py', 'missing/*.py'])).toEqual(['app/feature/models.py']);
  });
});

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectOf, isPlaceholderUrl, maskUrl, sqliteFile } from '../../scripts/lib/discover/url.js';

describe('dialectOf', () => {
  it.each([
    ['sqlite:///instance/stk.db', 'sqlite'],
    ['sqlite+aiosqlite:///instance/stk.db', 'sqlite'],
    ['sqlite://', 'sqlite'],
    ['postgresql://u:p@h/db', 'postgresql'],
    ['postgresql+psycopg2://u:p@h/db', 'postgresql'],
    ['postgresql+asyncpg://u:p@h:5432/db', 'postgresql'],
    ['postgres://u:p@h/db', 'postgresql'],
    ['POSTGRESQL+ASYNCPG://u:p@h/db', 'postgresql'],
    ['mysql://u:p@h/db', 'mysql'],
    ['mysql+pymysql://u:p@h/db', 'mysql'],
    ['mariadb+mariadbconnector://u:p@h/db', 'mysql'],
    ['oracle+cx_oracle://u:p@h/db', 'other'],
    ['not a url', 'other'],
  ])('%s is %s', (url, dialect) => {
    expect(dialectOf(url)).toBe(dialect);
  });
});

describe('maskUrl', () => {
  it.each([
    ['postgresql://u:secret@h/db', 'postgresql://u:***@h/db'],
    ['postgresql+asyncpg://stk:secret@localhost:5432/stk', 'postgresql+asyncpg://stk:***@localhost:5432/stk'],
    ['mysql+pymysql://root:secret@db.internal/app?charset=utf8mb4', 'mysql+pymysql://root:***@db.internal/app?charset=utf8mb4'],
    ['postgresql://u@h/db?password=secret', 'postgresql://u@h/db?password=***'],
    ['postgresql://h/db?sslmode=require&PASSWORD=secret&application_name=x', 'postgresql://h/db?sslmode=require&PASSWORD=***&application_name=x'],
    ['postgresql://u:secret@h?password=secret', 'postgresql://u:***@h?password=***'],
  ])('masks %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(maskUrl(url)).not.toContain('secret');
  });

  // SQLAlchemy's URL parser takes everything between the user's colon and the `@` as the
  // password, unencoded `/`, `?`, `#` and `:` included.
  it.each([
    'postgresql://u:p@ss@h/db',
    'postgresql://u:se/cret@h/db',
    'postgresql://u:se?cret@h/db',
    'postgresql://u:se#cret@h:5432/db',
    'postgresql://u:se:cret@h/db',
    'postgresql+asyncpg://u:a/b?c#d@h/db?sslmode=require',
  ])('masks every character of an unencoded password in %s', (url) => {
    const password = url.slice(url.indexOf('u:') + 2, url.lastIndexOf('@'));
    const masked = maskUrl(url);
    expect(masked).toContain('u:***@');
    expect(masked.endsWith(url.slice(url.lastIndexOf('@')))).toBe(true);
    for (const part of password.split(/[/?#:@]/).filter((piece) => piece.length > 1)) expect(masked).not.toContain(part);
  });

  it('leaves URLs without a password as they are', () => {
    for (const url of ['sqlite:///instance/stk.db', 'sqlite:////abs/path/with@sign.db', 'postgresql://u@h/db', 'postgresql://h:5432/db', 'postgresql:///db']) {
      expect(maskUrl(url)).toBe(url);
    }
  });
});

describe('isPlaceholderUrl', () => {
  it('recognises the alembic init template and unresolved interpolation', () => {
    expect(isPlaceholderUrl('driver://user:pass@localhost/dbname')).toBe(true);
    expect(isPlaceholderUrl('%(DB_URL)s')).toBe(true);
    expect(isPlaceholderUrl('  ')).toBe(true);
    expect(isPlaceholderUrl('sqlite:///app.db')).toBe(false);
    expect(isPlaceholderUrl('postgresql://u:p@h/db')).toBe(false);
  });
});

describe('sqliteFile', () => {
  it('resolves relative paths against the root and keeps absolute ones', () => {
    expect(sqliteFile('sqlite:///instance/stk.db', '/proj', resolve)).toBe('/proj/instance/stk.db');
    expect(sqliteFile('sqlite+aiosqlite:///instance/stk.db', '/proj', resolve)).toBe('/proj/instance/stk.db');
    expect(sqliteFile('sqlite:////var/data/app.db', '/proj', resolve)).toBe('/var/data/app.db');
    expect(sqliteFile('sqlite:///app.db?mode=ro', '/proj', resolve)).toBe('/proj/app.db');
  });

  it('is undefined for in-memory databases', () => {
    expect(sqliteFile('sqlite://', '/proj', resolve)).toBeUndefined();
    expect(sqliteFile('sqlite:///:memory:', '/proj', resolve)).toBeUndefined();
  });
});

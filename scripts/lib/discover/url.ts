import type { Dialect } from './types.js';

/** `postgresql+psycopg2://...` -> postgresql; `sqlite+aiosqlite:///x.db` -> sqlite. */
export function dialectOf(url: string): Dialect {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':'))).split('+')[0]?.toLowerCase() ?? '';
  if (scheme === 'sqlite') return 'sqlite';
  if (scheme === 'postgresql' || scheme === 'postgres') return 'postgresql';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  return 'other';
}

/** The URL with any password replaced by `***`, in the user part and in the query string. */
export function maskUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return url;
  const rest = url.slice(schemeEnd + 3);
  const pathStart = rest.search(/[/?]/);
  const authority = pathStart < 0 ? rest : rest.slice(0, pathStart);
  const tail = pathStart < 0 ? '' : rest.slice(pathStart);
  const at = authority.lastIndexOf('@');
  let masked = authority;
  if (at >= 0) {
    const user = authority.slice(0, at);
    const colon = user.indexOf(':');
    if (colon >= 0) masked = `${user.slice(0, colon)}:***${authority.slice(at)}`;
  }
  const maskedTail = tail.replace(/([?&]password=)[^&]*/gi, '$1***');
  return `${url.slice(0, schemeEnd + 3)}${masked}${maskedTail}`;
}

/** A placeholder such as Alembic's template default `driver://user:pass@localhost/dbname`, which names no real database. */
export function isPlaceholderUrl(url: string): boolean {
  return url.startsWith('driver://') || url.includes('%(') || url.trim() === '';
}

/**
 * The file of a SQLite URL, relative paths resolved against `root` as SQLAlchemy resolves them against
 * the working directory (our commands run from the root); undefined for in-memory databases.
 */
export function sqliteFile(url: string, root: string, resolve: (root: string, path: string) => string): string | undefined {
  const match = /^sqlite(?:\+\w+)?:\/\/\/(.*)$/.exec(url);
  const path = (match?.[1] ?? '').split('?')[0] ?? '';
  if (path === '' || path === ':memory:') return undefined;
  return resolve(root, path);
}

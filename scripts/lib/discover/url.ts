import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatabaseUrl, Dialect } from './types.js';

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
  let rest = url.slice(schemeEnd + 3);
  let credentials = '';
  // As SQLAlchemy reads it: a user without ':' or '/', then a password up to an '@' that may hold an unencoded '/', '?', '#' or ':'.
  const user = /^[^:/]*:/.exec(rest);
  const firstAt = user ? rest.indexOf('@', user[0].length) : -1;
  if (user && firstAt >= 0) {
    // an unencoded '@' in the password: mask up to the last '@' before the host ends
    const hostEnd = rest.slice(firstAt + 1).search(/[/?]/);
    credentials = `${user[0]}***`;
    rest = rest.slice(rest.lastIndexOf('@', hostEnd < 0 ? rest.length : firstAt + hostEnd));
  }
  return `${url.slice(0, schemeEnd + 3)}${credentials}${rest.replace(/([?&]password=)[^&]*/gi, '$1***')}`;
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

/**
 * The file of a SQLite database: a relative path is tried against each of the database's bases (the root,
 * or Flask-SQLAlchemy's instance folder first) and the first that exists wins; none existing, the first.
 */
export function sqliteDatabaseFile(database: DatabaseUrl, root: string): string | undefined {
  const candidates = (database.sqliteBases ?? [root]).map((base) => sqliteFile(database.url, base, resolve));
  return candidates.find((file) => file !== undefined && existsSync(file)) ?? candidates[0];
}

/** The URL's password as written and percent-decoded: what must never be printed (none for a URL without one). */
export function urlSecrets(url: string | undefined): string[] {
  let written = '';
  try {
    written = url ? new URL(url).password : '';
  } catch {
    return []; // not a URL with a user part (a SQLite path, say)
  }
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    // a password that is not valid percent-encoding is hidden as written
  }
  return [...new Set([written, decoded, encodeURIComponent(decoded)])].filter((secret) => secret.length > 0);
}

/** The text with every secret replaced by `***`. */
export function hideSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

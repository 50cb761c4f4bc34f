import type { ModelClass } from '../models/classes.js';
import type { ModelColumn } from '../models/parse.js';
import { snakeCase } from './names.js';

/** Last words that name a secret, or a value derived from one: `password`, `api_token`, `password_hash`, `totp_secret`, `fs_uniquifier`. */
const secretWords = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'apikey', 'salt', 'hash', 'digest', 'otp', 'uniquifier']);

/** Last two words that do: `api_key`, `private_key`, `mf_recovery_codes` (Flask-Security's two-factor codes). */
const secretPairs = new Set(['api_key', 'private_key', 'secret_key', 'access_key', 'signing_key', 'encryption_key', 'recovery_codes', 'recovery_code']);

/** First words saying the column holds a secret transformed: `hashed_password`, `encrypted_ssn`. */
const secretPrefixes = new Set(['hashed', 'encrypted']);

/** A flag or a time tells something about a secret (`has_password`, `token_expires`) without being one. */
const harmlessTypes = new Set(['Boolean', 'DateTime', 'Date', 'Time']);

/**
 * Whether a column holds a secret the drafted API must not expose, search, take from a client as is, or copy into
 * the activity log. Read from its name, as a model's author names it: its words (`apiToken` and `api_token` are
 * both `api`, `token`) end in a secret word (password, passwd, pwd, passphrase, secret, token, apikey, salt, hash,
 * digest, otp, uniquifier for Flask-Security's `fs_uniquifier`) or pair (api_key, private_key, secret_key,
 * access_key, signing_key, encryption_key, recovery_codes), or begin with hashed/encrypted. Boolean and date or
 * time columns never do, nor the primary key (the routes address rows by it).
 */
export function isSensitiveColumn(column: ModelColumn): boolean {
  if (column.primaryKey || harmlessTypes.has(column.type ?? '')) return false;
  const words = snakeCase(column.name).split('_').filter(Boolean);
  const last = words.at(-1) ?? '';
  return secretWords.has(last) || secretPairs.has(words.slice(-2).join('_')) || (words.length > 1 && secretPrefixes.has(words[0]!));
}

export function sensitiveColumns(model: ModelClass): ModelColumn[] {
  return model.columns.filter(isSensitiveColumn);
}

import { describe, expect, it } from 'vitest';
import { isSensitiveColumn } from '../../scripts/lib/api/sensitive.js';
import type { ModelColumn } from '../../scripts/lib/models/parse.js';

function column(name: string, type = 'String', primaryKey = false): ModelColumn {
  return { name, type, length: null, nullable: true, primaryKey, unique: false, index: false, foreignKey: null, serverDefault: null, default: null, line: 1 };
}

describe('which columns hold secrets', () => {
  it('a name ending in a secret word or pair, or beginning with hashed/encrypted, whatever its case', () => {
    const secret = ['password', 'passwd', 'pwd', 'user_password', 'hashed_password', 'password_hash', 'api_token', 'apiToken', 'refresh_tokens', 'token', 'client_secret', 'us_totp_secrets', 'api_key', 'apikey', 'private_key', 'salt', 'password_salt', 'fs_uniquifier', 'fs_token_uniquifier', 'mf_recovery_codes', 'encrypted_ssn', 'otp'];
    expect(secret.filter((name) => !isSensitiveColumn(column(name)))).toEqual([]);
    // the OAuth model's `token` is JSON, and still a secret
    expect(isSensitiveColumn(column('token', 'JSON'))).toBe(true);
  });

  it('not a name that only mentions one, a flag, a time, or the primary key', () => {
    const plain = ['email', 'name', 'token_count', 'password_changed', 'passenger', 'keyword', 'key', 'sort_key', 'hashtag', 'secretary', 'fs_webauthn_user_handle', 'title'];
    expect(plain.filter((name) => isSensitiveColumn(column(name)))).toEqual([]);
    expect(isSensitiveColumn(column('has_password', 'Boolean'))).toBe(false);
    expect(isSensitiveColumn(column('is_secret', 'Boolean'))).toBe(false);
    expect(isSensitiveColumn(column('reset_token', 'DateTime'))).toBe(false);
    expect(isSensitiveColumn(column('token', 'String', true))).toBe(false);
  });
});

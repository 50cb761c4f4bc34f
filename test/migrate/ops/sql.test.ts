import { describe, expect, it } from 'vitest';
import { summarizeSql, tokenizeSql } from '../../../scripts/lib/migrate/ops/sql.js';

describe('tokenizeSql', () => {
  it('keeps strings, quoted names and dollar-quoted bodies whole, and drops comments', () => {
    const tokens = tokenizeSql(`UPDATE "User" SET note = 'it''s; fine' -- a comment; with a semicolon\n/* another; */ WHERE body = $body$x;y$body$;`);
    expect(tokens.map((token) => `${token.kind}:${token.text}`)).toEqual([
      'word:update',
      'quoted:User',
      'word:set',
      'word:note',
      'symbol:=',
      "string:it's; fine",
      'word:where',
      'word:body',
      'symbol:=',
      'string:x;y',
      'symbol:;',
    ]);
  });
});

describe('the columns an UPDATE sets', () => {
  it.each([
    ['UPDATE "user" SET display_name = nickname', [{ table: 'user', column: 'display_name', source: 'nickname' }]],
    ['UPDATE account AS a SET a.plan = a.tier, status = \'active\' WHERE a.plan IS NULL', [
      { table: 'account', column: 'plan', source: 'tier' },
      { table: 'account', column: 'status', source: null },
    ]],
    ['UPDATE post SET title = lower(title), score = NULL FROM author WHERE post.author_id = author.id', [
      { table: 'post', column: 'title', source: null },
      { table: 'post', column: 'score', source: null },
    ]],
    ['UPDATE ONLY public.item SET (a, b) = (1, 2)', [
      { table: 'item', column: 'a', source: null },
      { table: 'item', column: 'b', source: null },
    ]],
    ['INSERT INTO audit (x) VALUES (1)', []],
  ])('%s', (sql, sets) => {
    expect(summarizeSql(sql).sets).toEqual(sets);
  });

  it('is unknown for an upsert or a statement it cannot read', () => {
    expect(summarizeSql('INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2').sets).toBeNull();
    expect(summarizeSql('UPDATE t').sets).toBeNull();
  });
});

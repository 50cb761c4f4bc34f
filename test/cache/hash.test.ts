import { describe, expect, it } from 'vitest';
import { hashBytes, hashText } from '../../scripts/lib/cache/hash.js';

/** The cache's key and integrity hash: a function of every code unit, 128 bits, no collisions among near-identical keys. */
describe('hashText', () => {
  it('is 32 hex digits, the same for the same text, and differs for any change of one code unit, of order or of length', () => {
    const text = 'migration-facts\0alembic/versions/abc_add_bio.py\0BU2dlQ_GdyqU7Z9';
    expect(hashText(text)).toMatch(/^[0-9a-f]{32}$/);
    expect(hashText(text)).toBe(hashText(`${text}`));
    const variants = new Set([text, `${text}\0`, text.slice(0, -1), text.replace('abc', 'abd'), text.replace('abc', 'bac'), text.toUpperCase(), '', '\0', 'é', 'e\u0301']);
    expect(new Set([...variants].map(hashText)).size).toBe(variants.size);
  });

  it('tells apart 200,000 keys that differ in a counter, a path or one character', () => {
    const seen = new Set<string>();
    const halves = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) {
      for (const key of [`alembic/versions/${i.toString(16)}_x.py\0hash`, `schema\0${i}\0null`]) {
        const hash = hashText(key);
        seen.add(hash);
        halves.add(hash.slice(0, 8));
      }
    }
    expect(seen.size).toBe(200_000);
    // even 32 of the 128 bits almost never collide among 200,000 keys (about 5 expected by chance)
    expect(halves.size).toBeGreaterThan(200_000 - 50);
  });

  it('hashes bytes wherever they start in their buffer, and a string as its UTF-8', () => {
    const text = 'alembic/versions/0a1b2c3d4e5f_add_rank_to_post.py\0é\0' + 'x'.repeat(37);
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < 4; offset += 1) {
      const shifted = Buffer.alloc(bytes.length + offset);
      bytes.copy(shifted, offset);
      expect(hashBytes(shifted.subarray(offset)), `offset ${offset}`).toBe(hashText(text));
    }
    // every length around the word and block boundaries is told apart from its neighbours
    const byLength = new Set(Array.from({ length: 40 }, (_, length) => hashText('a'.repeat(length))));
    expect(byLength.size).toBe(40);
  });

  it('tells apart big inputs (hashed natively) that differ in one byte anywhere, or in length, around the size where hashing goes native', () => {
    for (const length of [64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 500_000]) {
      const bytes = Buffer.alloc(length + 3, 'abc');
      const body = bytes.subarray(3);
      const seen = new Set([hashBytes(body), hashBytes(bytes.subarray(2)), hashBytes(body.subarray(1))]);
      for (const at of [0, Math.floor(length / 2), length - 1]) {
        const changed = Buffer.from(body);
        changed[at] = changed[at]! ^ 1;
        seen.add(hashBytes(changed));
      }
      expect(seen.size, `${length} bytes`).toBe(6);
      expect(hashBytes(body)).toMatch(/^[0-9a-f]{32}$/);
      expect(hashBytes(Buffer.from(body))).toBe(hashBytes(body));
    }
  });

  it('flips about half of the bits when one input bit flips', () => {
    let total = 0;
    const rounds = 2000;
    for (let i = 0; i < rounds; i += 1) {
      const a = BigInt(`0x${hashText(`key-${i}`)}`);
      const b = BigInt(`0x${hashText(`key-${i ^ 1}`)}`);
      total += (a ^ b).toString(2).split('').filter((bit) => bit === '1').length;
    }
    const mean = total / rounds;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(68);
  });
});

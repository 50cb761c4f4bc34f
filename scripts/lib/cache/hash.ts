/**
 * A 128-bit hash of a string's UTF-16 code units, in plain JavaScript: the names, keys and integrity lines
 * of the cache files, so that a run answered from the caches never loads node:crypto (whose start costs
 * more than hashing what such a run reads). Four 32-bit lanes, each a multiply-xor-rotate over every code
 * unit, then mixed together and avalanched. It tells versions apart; it does not resist anyone crafting
 * collisions (nothing in a cache is a secret or a permission).
 */
export function hashText(text: string): string {
  let a = 0x6a09e667 ^ text.length;
  let b = 0xbb67ae85;
  let c = 0x3c6ef372;
  let d = 0xa54ff53a;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x9e3779b1);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ unit, 0x85ebca77);
    b = (b << 17) | (b >>> 15);
    c = Math.imul(c ^ unit, 0xc2b2ae3d);
    c = (c << 11) | (c >>> 21);
    d = Math.imul(d ^ unit, 0x27d4eb2f);
    d = (d << 19) | (d >>> 13);
  }
  // every lane takes in the others before the final avalanche, so that each output bit depends on all of them
  a = avalanche(a ^ Math.imul(b, 0x165667b1) ^ Math.imul(c, 0x1b873593));
  b = avalanche(b ^ Math.imul(c, 0xcc9e2d51) ^ Math.imul(d, 0x7feb352d));
  c = avalanche(c ^ Math.imul(d, 0x846ca68b) ^ Math.imul(a, 0x9e3779b1));
  d = avalanche(d ^ Math.imul(a, 0x85ebca77) ^ Math.imul(b, 0xc2b2ae3d));
  return hex(a) + hex(b) + hex(c) + hex(d);
}

/** A 32-bit finaliser: every input bit flips about half of the output bits. */
function avalanche(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

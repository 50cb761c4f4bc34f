import { createHash } from 'node:crypto';

/**
 * A 128-bit hash of bytes (a string: of its UTF-8): the names, keys and integrity lines of the cache files.
 * Small inputs (keys, most cache files) are hashed in plain JavaScript (`wordHash`), since node:crypto's
 * first hash costs ~0.6 ms, more than such an input takes; from `nativeFrom` bytes on (a kept run over
 * thousands of migrations, a parse index), by node:crypto's MD5, ~4× faster than the loop in a process
 * that has just started. It tells versions apart; it does not resist anyone crafting collisions (nothing
 * in a cache is a secret or a permission).
 */
export function hashBytes(bytes: Uint8Array): string {
  return bytes.length >= nativeFrom ? createHash('md5').update(bytes).digest('hex') : wordHash(bytes);
}

const nativeFrom = 64 * 1024;

/**
 * Four 32-bit lanes, each taking every fourth 32-bit word in a multiply-rotate-multiply round, then mixed
 * together and avalanched.
 */
function wordHash(bytes: Uint8Array): string {
  // whole words are read through an aligned view (a copy only when the bytes start off a 4-byte boundary)
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  let a = 0x6a09e667 ^ bytes.length;
  let b = 0xbb67ae85;
  let c = 0x3c6ef372;
  let d = 0xa54ff53a;
  const blocks = words.length - (words.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    a = round(a, words[i]!);
    b = round(b, words[i + 1]!);
    c = round(c, words[i + 2]!);
    d = round(d, words[i + 3]!);
  }
  // the words after the last whole block, then the bytes after the last whole word, one lane each in turn
  let lane = 0;
  const take = (value: number) => {
    if (lane === 0) a = round(a, value);
    else if (lane === 1) b = round(b, value);
    else if (lane === 2) c = round(c, value);
    else d = round(d, value);
    lane = (lane + 1) % 4;
  };
  for (let i = blocks; i < words.length; i += 1) take(words[i]!);
  for (let i = words.length * 4; i < bytes.length; i += 1) take(bytes[i]! | 0x100);
  // each lane is avalanched, then takes in all the others before a last avalanche, so that each output bit depends on every input bit
  a = avalanche(a);
  b = avalanche(b);
  c = avalanche(c);
  d = avalanche(d);
  const [e, f, g, h] = [
    avalanche(a ^ Math.imul(b, 0x165667b1) ^ Math.imul(c, 0x1b873593) ^ Math.imul(d, 0x27d4eb2f)),
    avalanche(b ^ Math.imul(c, 0xcc9e2d51) ^ Math.imul(d, 0x7feb352d) ^ Math.imul(a, 0x9e3779b1)),
    avalanche(c ^ Math.imul(d, 0x846ca68b) ^ Math.imul(a, 0x85ebca77) ^ Math.imul(b, 0xc2b2ae3d)),
    avalanche(d ^ Math.imul(a, 0x1b873593) ^ Math.imul(b, 0x27d4eb2f) ^ Math.imul(c, 0x165667b1)),
  ];
  return hex(e) + hex(f) + hex(g) + hex(h);
}

/** `hashBytes` of the string's UTF-8. */
export function hashText(text: string): string {
  return hashBytes(Buffer.from(text, 'utf8'));
}

/** One word into one lane: multiply, rotate, multiply (every input bit reaches many lane bits). */
function round(lane: number, word: number): number {
  const mixed = lane + Math.imul(word, 0x85ebca77);
  return Math.imul((mixed << 13) | (mixed >>> 19), 0x9e3779b1);
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

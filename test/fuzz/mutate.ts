/**
 * Seeded mutations of Python source, the shapes a hostile (or unlucky) edit produces: characters
 * deleted, inserted or replaced, lines duplicated, dropped, swapped, indented or dedented, tabs for
 * spaces, bytes that are not UTF-8, a truncated file, nesting deep enough to hit CPython's limits and
 * ours, other line endings, the header forms Python accepts, and files past the size limit.
 */

/** The benchmark's seeded generator: the same sequence for the same seed everywhere. */
export { random as randomSource } from '../../bench/generate.js';

export interface Mutant {
  /** What was done, for the failure message. */
  operators: string[];
  bytes: Buffer;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** Whole tokens, for mutations a character at a time would rarely make. */
const tokens = [' return ', ' yield ', ' await ', ' lambda ', ' not ', ' is ', ' in ', ' and ', '**', ':=', '->', '...', ' async ', ' del ', ' global x', ' import ', ' from ', ' as ', ' if ', ' else ', ' pass', ' break', ' continue', '*', ',', ';', ' = ', '==', '@', 'print ', 'b"x"', 'f"{x}"', '0o8', '1_', '0777', 'None', 'True', ' class ', ' def '];

const interesting = ['(', ')', '[', ']', '{', '}', ':', ',', '"', "'", '\\', '#', '\t', ' ', '\n', '=', '.', '0', 'f', 'x', '@', '$', '€', '*', 'é', ';', '\f', '\r'];

function lines(text: string): string[] {
  return text.split('\n');
}

type Operator = (text: string, random: Random) => string | Buffer;

/** The operators, by name; most work on text, a few return bytes. */
const operators: Record<string, Operator> = {
  'delete a character': (text, random) => {
    const at = between(random, 0, Math.max(0, text.length - 1));
    return text.slice(0, at) + text.slice(at + 1);
  },
  'insert a character': (text, random) => {
    const at = between(random, 0, text.length);
    return text.slice(0, at) + pick(random, interesting) + text.slice(at);
  },
  'insert a token': (text, random) => {
    const at = between(random, 0, text.length);
    return text.slice(0, at) + pick(random, tokens) + text.slice(at);
  },
  'replace a character': (text, random) => {
    const at = between(random, 0, Math.max(0, text.length - 1));
    return text.slice(0, at) + pick(random, interesting) + text.slice(at + 1);
  },
  'duplicate a line': (text, random) => {
    const all = lines(text);
    const at = between(random, 0, all.length - 1);
    all.splice(at, 0, all[at]!);
    return all.join('\n');
  },
  'delete a line': (text, random) => {
    const all = lines(text);
    all.splice(between(random, 0, all.length - 1), 1);
    return all.join('\n');
  },
  'swap two lines': (text, random) => {
    const all = lines(text);
    const at = between(random, 0, Math.max(0, all.length - 2));
    [all[at], all[at + 1]] = [all[at + 1] ?? '', all[at]!];
    return all.join('\n');
  },
  'indent a line': (text, random) => {
    const all = lines(text);
    const at = between(random, 0, all.length - 1);
    all[at] = pick(random, [' ', '  ', '    ', '\t', '        ']) + all[at];
    return all.join('\n');
  },
  'dedent a line': (text, random) => {
    const all = lines(text);
    const indented = all.map((line, index) => (line.startsWith(' ') ? index : -1)).filter((index) => index >= 0);
    if (indented.length === 0) return text;
    const at = pick(random, indented);
    all[at] = all[at]!.slice(between(random, 1, 4));
    return all.join('\n');
  },
  'a tab for the indentation of a line': (text, random) => {
    const all = lines(text);
    const indented = all.map((line, index) => (line.startsWith('    ') ? index : -1)).filter((index) => index >= 0);
    if (indented.length === 0) return text;
    const at = pick(random, indented);
    all[at] = `\t${all[at]!.slice(4)}`;
    return all.join('\n');
  },
  'a function body that is only a comment': (text) => text.replace(/(def downgrade\(\):\n)[\s\S]*$/, '$1    # nothing to undo\n'),
  'truncate': (text, random) => text.slice(0, between(random, 0, text.length)),
  'bytes that are not UTF-8': (text, random) => {
    const at = between(random, 0, text.length);
    return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(pick(random, [[0xff], [0xe9], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0x00]])), Buffer.from(text.slice(at))]);
  },
  'nesting': (text, random) => {
    const depth = pick(random, [40, 199, 200, 201, 450, 1200, 20_000]);
    const shape = pick(random, ['parens', 'calls', 'chain', 'lists']);
    const expression =
      shape === 'parens'
        ? `${'('.repeat(depth)}1${')'.repeat(depth)}`
        : shape === 'calls'
          ? `${'f('.repeat(depth)}1${')'.repeat(depth)}`
          : shape === 'lists'
            ? `${'['.repeat(depth)}${']'.repeat(depth)}`
            : `sa${'.b()'.repeat(depth)}`;
    const all = lines(text);
    const at = between(random, 0, all.length);
    const indent = (all[at] ?? '').match(/^\s*/)?.[0] ?? '';
    all.splice(at, 0, `${indent}nested = ${expression}`);
    return all.join('\n');
  },
  'CR-only line endings': (text) => text.replaceAll('\n', '\r'),
  'CRLF line endings': (text) => text.replaceAll('\n', '\r\n'),
  'a header form Python accepts': (text, random) => {
    const parent = /^down_revision = "([0-9a-f]+)"/m.exec(text)?.[1];
    if (!parent) return text.replace(/^down_revision = None/m, pick(random, ['down_revision = (None,)', 'down_revision = [None]', 'down_revision = ()', 'down_revision = ""']));
    const half = Math.floor(parent.length / 2);
    const form = pick(random, [
      `down_revision = "${parent}",`,
      `down_revision = ("${parent}",)`,
      `down_revision = ["${parent}"]`,
      `down_revision = "${parent.slice(0, half)}" + "${parent.slice(half)}"`,
      `down_revision = tuple(["${parent}"])`,
      `down_revision = f"${parent}"`,
      `down_revision: str = "${parent}"`,
    ]);
    return text.replace(/^down_revision = "[0-9a-f]+"/m, form);
  },
  'a computed revision': (text) => text.replace(/^revision = "([0-9a-f]+)"/m, 'PREFIX = "$1"\nrevision = f"{PREFIX}"'),
  'an empty revision id': (text) => text.replace(/^revision = "[0-9a-f]+"/m, 'revision = ""'),
  'a repeated keyword argument': (text) => text.replace('nullable=True', 'nullable=True, nullable=False'),
  'past the size limit': (text) => `${text}\n${'# padding\n'.repeat(110_000)}`,
  'random bytes': (_text, random) => Buffer.from(Array.from({ length: between(random, 10, 4000) }, () => Math.floor(random() * 256))),
};

/** Rare operators: each costs more to check, so they come up less often. */
const rare = new Set(['past the size limit', 'random bytes', 'nesting']);

/** A mutant of `source`: one to three operators, chosen and applied with `random`. */
export function mutate(source: string, random: Random): Mutant {
  const names = Object.keys(operators);
  const common = names.filter((name) => !rare.has(name));
  const applied: string[] = [];
  let current: string | Buffer = source;
  const count = between(random, 1, 3);
  for (let step = 0; step < count; step++) {
    const name = random() < 0.12 ? pick(random, [...rare]) : pick(random, common);
    applied.push(name);
    // an operator on text after one that produced bytes works on their latin-1 view, so the bytes survive
    const text = typeof current === 'string' ? current : current.toString('latin1');
    const next = operators[name]!(text, random);
    current = typeof current === 'string' || typeof next !== 'string' ? next : Buffer.from(next, 'latin1');
  }
  return { operators: applied, bytes: typeof current === 'string' ? Buffer.from(current) : current };
}

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { limits } from '../../scripts/lib/parse/limits.js';
import { parsePythonFile } from '../../scripts/lib/parse/python.js';
import { cpythonRefusals } from '../helpers/oracle.js';
import { repoRoot, useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

/** What CPython refuses although tree-sitter parses it without an ERROR node (the audit's third failure), and what it accepts. */
const sources: Record<string, string | Buffer> = {
  'a function body that is only a comment': 'def upgrade():\n    # nothing yet\n\ndef downgrade():\n    pass\n',
  'a body-less function at the end of the file': 'def upgrade():\n    # nothing yet\n',
  'a class without a body': 'class A:\n\nx = 1\n',
  'an if without a body': 'if x:\nx = 1\n',
  'an unexpected indent': 'x = 1\n    y = 2\n',
  'a dedent to no outer level': 'def f():\n        x = 1\n    y = 2\n',
  'tabs and spaces mixed': 'def f():\n\tx = 1\n        y = 2\n',
  'a tab then spaces, consistently': 'if x:\n\tif y:\n\t    pass\n',
  'a form feed in the indentation': 'if x:\n\f    pass\n',
  'a repeated keyword argument': 'f(a=1, a=2)\n',
  'a positional argument after a keyword one': 'f(a=1, 2)\n',
  'a positional argument after **': 'f(**k, 2)\n',
  '* after **': 'f(**k, *a)\n',
  'a keyword after * (fine)': 'f(*a, b=1, **k)\n',
  'a duplicate parameter': 'def f(a, a): pass\n',
  'a parameter without default after one with': 'def f(a=1, b): pass\n',
  'keyword-only parameters after a default (fine)': 'def f(a=1, *, b, c=2, **k): pass\n',
  'a bare * with nothing after it': 'def f(*): pass\n',
  'a parameter after **kwargs': 'def f(**k, a): pass\n',
  'lambda parameters in the wrong order': 'g = lambda a=1, b: 0\n',
  'return at module level': 'return 1\n',
  'return in a class body': 'class A:\n    return 1\n',
  'yield at module level': 'yield 1\n',
  'await at module level': 'await x\n',
  'await in a plain function': 'def f():\n    await x\n',
  'await in an async function (fine)': 'async def f():\n    await x\n',
  'break outside a loop': 'break\n',
  'continue outside a loop': 'continue\n',
  'break in the else of a loop': 'for x in y:\n    pass\nelse:\n    break\n',
  'break in a loop in a function (fine)': 'def f():\n    while True:\n        break\n',
  'a decimal with a leading zero': 'x = 0777\n',
  'zeros, and a float or imaginary after zeros (fine)': 'x = (00, 0_0, 0777.5, 0777e1, 0777j, 1if y else 2)\n',
  'numbers of every base (fine)': 'x = (0x_1F, 0o17, 0b1_0, 1_000.000_1e-1_0j, .5, 1., 1e5)\n',
  'an assignment expression as a statement': 'x := 1\n',
  'an assignment expression in parentheses (fine)': '(x := 1)\n',
  'an assignment expression as a keyword argument': 'f(a=b:=c)\n',
  'an assignment expression as an assigned value': 'x = y := 1\n',
  'an assignment expression as a dict value': 'd = {a: y := 1}\n',
  'an assignment expression in a comprehension condition': 'x = [a for a in b if c := a]\n',
  'an assignment expression after a comma': 'x = a, y := 1\n',
  'assignment expressions where they stand alone (fine)': 'f(y := 1)\nif y := 1: pass\nwhile y := f(): pass\nx = [y := 1, {y := 2}, (a, y := 3)]\nx[y := 1]\nx = (y := 1)\nx = [a for a in b if (c := a)]\nx = [y := a for a in b]\nf(y := 1 for a in b)\n',
  'an unknown string prefix': 'x = ub"abc"\n',
  'every known string prefix (fine)': 'x = (r"a", u"a", b"a", br"a", Rb"a", f"a", Fr"a", rf"{x!r:>{w}}")\n',
  'a keyword touching a string (fine)': 'if"a":\n    pass\n',
  'bytes next to text': 'x = b"a" "b"\n',
  'print as a statement': 'print "x"\n',
  'print >> as an expression (fine)': 'print >>f, x\n',
  'deleting a call': 'del f()\n',
  'deleting a literal': 'del 1\n',
  'a starred target alone': '*a = 1\n',
  'two starred targets': '*a, *b = c\n',
  'a tuple augmented': 'a, b += 1\n',
  'with ... as a literal': 'with a as 1: pass\n',
  'import * in a function': 'def f():\n    from os import *\n',
  'nonlocal at module level': 'nonlocal x\n',
  'a __future__ import after code': 'x = 1\nfrom __future__ import annotations\n',
  'a __future__ import after the docstring (fine)': '"""doc"""\nfrom __future__ import annotations\n',
  "a bare except before another": 'try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass\n',
  'a generator next to another argument': 'f(x for x in y, 1)\n',
  'brackets nested 201 deep': `x = ${'('.repeat(201)}1${')'.repeat(201)}\n`,
  'brackets nested 200 deep (fine)': `x = ${'('.repeat(200)}1${')'.repeat(200)}\n`,
  'a bracket never closed': 'x = f(\n    1,\n',
  'a bracket closed by another': 'x = f(1]\n',
  'an unmatched closing bracket': 'x = 1)\n',
  'an unterminated string': 'x = "abc\n',
  'an unterminated triple-quoted string': 'x = """abc\n',
  'a backslash before text': 'x = 1 \\ 2\n',
  'a backslash continuation (fine)': 'x = 1 + \\\n    2\n',
  'a backslash continuation inside parameters (fine)': 'def f(a=1, \\\n      b=2): pass\n',
  'a character that is not Python': 'x = €\n',
  'a non-ASCII identifier (fine)': 'café = 1\n',
  'indentation 100 levels deep': Array.from({ length: 100 }, (_, level) => `${' '.repeat(level)}if x:`).join('\n') + `\n${' '.repeat(100)}pass\n`,
  'indentation 99 levels deep (fine)': Array.from({ length: 98 }, (_, level) => `${' '.repeat(level)}if x:`).join('\n') + `\n${' '.repeat(98)}pass\n`,
  'CR-only line endings (fine)': 'x = 1\rif x:\r    y = 2\r',
  'CRLF line endings (fine)': 'x = 1\r\nif x:\r\n    y = 2\r\n',
  'invalid UTF-8': Buffer.concat([Buffer.from('"""caf'), Buffer.from([0xe9]), Buffer.from('"""\nx = 1\n')]),
  'latin-1 bytes declared as latin-1 (fine)': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n"""caf'), Buffer.from([0xe9]), Buffer.from('"""\n')]),
  'a coding cookie on the second line (fine)': Buffer.concat([Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = "'), Buffer.from([0xe9]), Buffer.from('"\n')]),
  'a BOM and a UTF-8 cookie (fine)': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# coding: utf-8\nx = "é"\n')]),
  'a BOM and a latin-1 cookie': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# coding: latin-1\nx = 1\n')]),
  'a NUL byte': Buffer.from('x = 1\n\0\n'),
  'bytes that are not UTF-8 in a comment (fine: import never decodes a comment)': Buffer.concat([Buffer.from('x = 1  # caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]),
  'bytes that are not UTF-8 on the first line, outside a comment': Buffer.concat([Buffer.from([0xff]), Buffer.from('\nx = 1\n')]),
  'a non-ASCII character in a bytes literal': 'x = b"caf\u00e9"\n',
  'an encoded UTF-16 surrogate in a comment (fine: CPython decodes no comment)': Buffer.concat([Buffer.from('x = 1  # '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]),
  'an encoded UTF-16 surrogate in a string': Buffer.concat([Buffer.from('x = "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"\n')]),
  'an overlong encoding in a comment (fine)': Buffer.concat([Buffer.from('# '), Buffer.from([0xc0, 0xaf]), Buffer.from('\nx = 1\n')]),
  'an overlong encoding in a name': Buffer.concat([Buffer.from('x'), Buffer.from([0xc0, 0xaf]), Buffer.from(' = 1\n')]),
  'a line that ends with an operator tree-sitter joins to the next': 'with a as b:\n    b.c(1)@\n    b.c(2)\n',
  'a line that ends with a dot': 'x = a.\ny = 1\n',
  'an ellipsis and a star import at the end of lines (fine)': 'x = ...\nfrom os import *\n',
  'an import with a star inside its list (two statements to tree-sitter)': 'from a import b, c*d, e\n',
  'statements separated by a semicolon (fine)': 'x = 1; y = 2\nif x: a = 1; b = 2\n',
  'an import with a trailing comma': 'from a import b,\n',
  'a dotted name imported from a module': 'from a import b.c, d\n',
  'a colon after an assignment': 'x = None:e\n',
  'annotations and lambdas with their colons (fine)': 'x: int = 1\ny: Callable = lambda a: a\nz = lambda: lambda: 1\nw = 1; v: int = 2\n',
  'a class header whose colon went to the next line': 'class A\n:\n    pass\n',
  '`as` inside a call': 'f(a as b)\n',
  '`as` where it belongs (fine)': 'import a as b\nwith f() as g, h() as i:\n    pass\ntry:\n    pass\nexcept E as e:\n    pass\n',
  'a one-line compound statement and a lambda (fine)': 'if x: y = lambda: 1\nfor i in x: pass\nclass A: pass\n',
  'dotted module paths (fine)': 'import a.b as c, d.e\nfrom a.b import c as d\nfrom .. import x\n',
  'an import in parentheses with a trailing comma (fine)': 'from a import (b,)\n',
  'a string then a keyword on one line': '"""doc"""import x\n',
  'two names side by side': 'import sqlalchemyas sa\n',
  'a soft keyword starting a statement (fine)': 'match x:\n    case y if y:\n        pass\n',
  'an f-string with nested quotes of another kind (fine)': 'x = f"{y[\'a\']}"\n',
  'match statements (fine)': 'match x:\n    case [1, *rest]:\n        pass\n    case _:\n        pass\n',
  'except* (fine)': 'try:\n    pass\nexcept* E:\n    pass\n',
};

describe('what CPython refuses, judged by CPython', () => {
  it('reports a syntax problem exactly for the files CPython refuses to compile', async () => {
    const dir = tempDir('cpython');
    const names = Object.keys(sources);
    const paths = names.map((_, index) => join(dir, `case${index}.py`));
    names.forEach((name, index) => writeFileSync(paths[index]!, sources[name]!));
    const refusals = await cpythonRefusals(paths);
    const ours: Array<[string, string | null]> = [];
    const theirs: Array<[string, string | null]> = [];
    for (const [index, name] of names.entries()) {
      const parsed = await parsePythonFile(readFileSync(paths[index]!));
      ours.push([name, parsed.problem?.kind === 'syntax' ? 'refused' : null]);
      theirs.push([name, refusals[index] ? 'refused' : null]);
      parsed.delete();
    }
    expect(ours).toEqual(theirs);
    // the cases cover both sides
    expect(theirs.filter(([, verdict]) => verdict).length).toBeGreaterThan(40);
    expect(theirs.filter(([, verdict]) => !verdict).length).toBeGreaterThan(20);
  });

  it("names CPython's own reason and line for the audit's shapes", async () => {
    const check = async (source: string | Buffer) => {
      const parsed = await parsePythonFile(typeof source === 'string' ? Buffer.from(source) : source);
      parsed.delete();
      return parsed.problem;
    };
    expect(await check(sources['a function body that is only a comment']!)).toMatchObject({ line: 4, message: 'expected an indented block after function definition on line 1' });
    expect(await check(sources['tabs and spaces mixed']!)).toMatchObject({ line: 3, message: expect.stringContaining('inconsistent use of tabs and spaces') });
    expect(await check(sources['invalid UTF-8']!)).toMatchObject({ line: 1, column: 7, message: expect.stringMatching(/^\(unicode error\) 'utf-8' codec can't decode these bytes/) });
    expect(await check(sources['brackets nested 201 deep']!)).toMatchObject({ line: 1, column: 205, message: expect.stringContaining('too many nested parentheses') });
    expect(await check(sources['a bracket never closed']!)).toMatchObject({ line: 1, kind: 'syntax' });
  });

  it('finds no problem in any file of the example project or the Python standard library it can read', async () => {
    const files = [
      ...readdirSync(join(repoRoot, 'examples', 'stk-app'), { recursive: true, encoding: 'utf8' }).map((name) => join(repoRoot, 'examples', 'stk-app', name)),
      ...readdirSync('/usr/lib/python3.11', { encoding: 'utf8' }).map((name) => join('/usr/lib/python3.11', name)),
    ].filter((file) => file.endsWith('.py'));
    expect(files.length).toBeGreaterThan(50);
    const refused = (await cpythonRefusals(files)).filter(Boolean);
    expect(refused).toEqual([]);
    const flagged: string[] = [];
    for (const file of files) {
      const parsed = await parsePythonFile(readFileSync(file));
      if (parsed.problem) flagged.push(`${file}: ${parsed.problem.message}`);
      parsed.delete();
    }
    expect(flagged).toEqual([]);
  });
});

describe('the limits', () => {
  it('refuses to read past the size limit, at once, with one problem of kind limit', async () => {
    const parsed = await parsePythonFile(Buffer.alloc(limits.bytes + 1, 'x = 1\n'));
    expect(parsed.problem).toMatchObject({ kind: 'limit', line: 1, message: expect.stringContaining('too large to check: 1.0 MB, past the limit of 1.0 MB') });
    expect(parsed.walkable).toBe(false);
    expect(parsed.root.namedChildCount).toBe(0);
    parsed.delete();
  });

  it('stops walking past the depth limit, and says where', async () => {
    const source = `x = 1\ny = a${'.b'.repeat(limits.depth + 10)}\n`;
    const parsed = await parsePythonFile(Buffer.from(source));
    expect(parsed.problem).toMatchObject({ kind: 'limit', line: 2, message: `too large to check: code nested more than ${limits.depth} syntax levels deep` });
    expect(parsed.walkable).toBe(false);
    parsed.delete();
  });

  it('prefers what CPython refuses to a limit: garbage past the depth limit is a syntax error', async () => {
    const parsed = await parsePythonFile(Buffer.from(`x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`));
    expect(parsed.problem).toMatchObject({ kind: 'syntax', message: expect.stringContaining('too many nested parentheses') });
    parsed.delete();
  });

  it("reads a file ending in 5,000 comment lines (tree-sitter's quadratic case) without reaching the parser's safety net, suppressions kept", async () => {
    const source = `x = 1\n${'# kept for reference\n'.repeat(2500)}# stk-migrate: ignore[drop-table] archived\n${'# kept for reference\n'.repeat(2500)}`;
    const parsed = await parsePythonFile(Buffer.from(source));
    expect(parsed.problem).toBeUndefined();
    expect(parsed.root.descendantsOfType('comment').map((comment) => comment?.text)).toEqual(['# stk-migrate: ignore[drop-table] archived']);
    expect(parsed.root.descendantsOfType('comment')[0]?.startPosition.row).toBe(2501);
    parsed.delete();
  });

  it('reads random bytes, a megabyte of them, as a refusal without parsing all of it', async () => {
    let seed = 7;
    const random = Buffer.alloc(limits.bytes - 1, 0).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    });
    const parsed = await parsePythonFile(random);
    expect(parsed.problem?.kind).toBe('syntax');
    parsed.delete();
  });
});

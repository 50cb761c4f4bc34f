import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMigrationHeader } from '../../scripts/lib/migrate/header.js';
import { repoRoot } from '../helpers/temp.js';
import { alembicRefusals } from '../helpers/oracle.js';

/** A revision file as `alembic revision` writes it, with the header lines given. */
function migration(header: string, docstring = '"""add bio to user\n\nRevision ID: x\nRevises: y\nCreate Date: 2026-03-26 10:00:00\n\n"""'): string {
  return `${docstring}\nimport sqlalchemy as sa\nfrom alembic import op\n\n# revision identifiers, used by Alembic.\n${header}\n\n\ndef upgrade():\n    op.add_column("user", sa.Column("bio", sa.Text()))\n\n\ndef downgrade():\n    op.drop_column("user", "bio")\n`;
}

describe('parseMigrationHeader', () => {
  it('reads a linear revision: revision, down_revision, branch_labels/depends_on None, message, line', async () => {
    const source = migration('revision = "228ac4e0ebf5"\ndown_revision = "1f2e3d4c5b6a"\nbranch_labels = None\ndepends_on = None');
    const header = await parseMigrationHeader(source, 'alembic/versions/228ac4e0ebf5_add_bio_to_user.py');
    expect(header).toEqual({
      file: 'alembic/versions/228ac4e0ebf5_add_bio_to_user.py',
      revision: '228ac4e0ebf5',
      downRevisions: ['1f2e3d4c5b6a'],
      branchLabels: [],
      dependsOn: [],
      message: 'add bio to user',
      revisionLine: source.split('\n').indexOf('revision = "228ac4e0ebf5"') + 1,
      problem: undefined,
    });
  });

  it('reads a base revision (down_revision = None)', async () => {
    const header = await parseMigrationHeader(migration("revision = '0001'\ndown_revision = None"), 'v/0001_init.py');
    expect(header.revision).toBe('0001');
    expect(header.downRevisions).toEqual([]);
    expect(header.problem).toBeUndefined();
  });

  it('reads a merge: a tuple down_revision, in order', async () => {
    const header = await parseMigrationHeader(migration('revision = "m3rg3"\ndown_revision = ("aaa111", "bbb222")'), 'v/m3rg3_merge.py');
    expect(header.downRevisions).toEqual(['aaa111', 'bbb222']);
  });

  it('reads a merge of three, written as a list or a parenthesised tuple over several lines with a trailing comma and comments', async () => {
    const header = await parseMigrationHeader(migration('revision = "m"\ndown_revision = (\n    "a",  # first branch\n    "b",\n    "c",\n)'), 'v/m.py');
    expect(header.downRevisions).toEqual(['a', 'b', 'c']);
    const list = await parseMigrationHeader(migration('revision = "m"\ndown_revision = ["a", "b"]'), 'v/m.py');
    expect(list.downRevisions).toEqual(['a', 'b']);
  });

  it('reads branch_labels and depends_on as a string or a tuple', async () => {
    const header = await parseMigrationHeader(migration('revision = "b1"\ndown_revision = None\nbranch_labels = ("billing",)\ndepends_on = "c0ffee"'), 'v/b1.py');
    expect(header.branchLabels).toEqual(['billing']);
    expect(header.dependsOn).toEqual(['c0ffee']);
    const many = await parseMigrationHeader(migration('revision = "b2"\ndown_revision = "b1"\nbranch_labels = "billing"\ndepends_on = ("x1", "x2")'), 'v/b2.py');
    expect(many.branchLabels).toEqual(['billing']);
    expect(many.dependsOn).toEqual(['x1', 'x2']);
  });

  it('reads annotated assignments, as newer Alembic templates write them', async () => {
    const source = migration(
      'revision: str = "9f8e7d6c5b4a"\ndown_revision: Union[str, None] = "1a2b3c4d5e6f"\nbranch_labels: Union[str, Sequence[str], None] = None\ndepends_on: Union[str, Sequence[str], None] = None',
    );
    const header = await parseMigrationHeader(`from typing import Sequence, Union\n${source}`, 'v/9f8e7d6c5b4a_x.py');
    expect(header).toMatchObject({ revision: '9f8e7d6c5b4a', downRevisions: ['1a2b3c4d5e6f'], branchLabels: [], dependsOn: [], problem: undefined });
  });

  it('accepts odd revision ids such as 20260326_0001', async () => {
    const header = await parseMigrationHeader(migration('revision = "20260326_0001"\ndown_revision = "20260301_0007"'), 'v/20260326_0001_add_bio.py');
    expect(header.revision).toBe('20260326_0001');
    expect(header.downRevisions).toEqual(['20260301_0007']);
  });

  it('takes the message from the first line of the module docstring, trimmed, single-quoted or raw', async () => {
    expect((await parseMigrationHeader(migration('revision = "a"', '"""\n   Add index on user.email   \n\nRevision ID: a\n"""'), 'v/a.py')).message).toBe('Add index on user.email');
    expect((await parseMigrationHeader(migration('revision = "a"', "'''drop legacy table'''"), 'v/a.py')).message).toBe('drop legacy table');
    expect((await parseMigrationHeader(migration('revision = "a"', '# -*- coding: utf-8 -*-\n"""after a comment"""'), 'v/a.py')).message).toBe('after a comment');
    expect((await parseMigrationHeader(migration('revision = "a"', '"""user\'s \\"bio\\" field"""'), 'v/a.py')).message).toBe('user\'s "bio" field');
  });

  it('has an empty message without a docstring', async () => {
    const header = await parseMigrationHeader('import sqlalchemy as sa\nrevision = "a"\ndown_revision = None\n"""not a docstring: not first"""\n', 'v/a.py');
    expect(header.message).toBe('');
  });

  it('reads only top-level assignments, not ones inside functions', async () => {
    const source = 'revision = "outer"\ndown_revision = None\n\ndef upgrade():\n    revision = "inner"\n    down_revision = "nope"\n';
    const header = await parseMigrationHeader(source, 'v/outer.py');
    expect(header.revision).toBe('outer');
    expect(header.downRevisions).toEqual([]);
  });

  it('does not run f-strings with placeholders or names: it says it cannot verify them, which is no syntax error', async () => {
    const fString = await parseMigrationHeader('rev = "abc"\nrevision = f"{rev}"\ndown_revision = None\n', 'v/abc.py');
    expect(fString.revision).toBeNull();
    expect(fString.problem).toMatchObject({ line: 2, kind: 'unverified', message: 'cannot verify `revision`: it is computed when the file runs, not written as a literal' });
    const name = await parseMigrationHeader('PARENT = "p"\nrevision = "abc"\ndown_revision = PARENT\n', 'v/abc.py');
    expect(name.revision).toBe('abc');
    expect(name.downRevisions).toEqual([]);
    expect(name.problem).toMatchObject({ line: 3, kind: 'unverified', message: expect.stringContaining('`down_revision`') });
    const fParent = await parseMigrationHeader('revision = "abc"\ndown_revision = f"{1}"\n', 'v/abc.py');
    expect(fParent.problem).toMatchObject({ kind: 'unverified', message: expect.stringContaining('down_revision') });
  });

  it('reads every literal form of down_revision that Python accepts, as Alembic does', async () => {
    const forms: Array<[string, string[]]> = [
      ['down_revision = "cf21a28f0a85",', ['cf21a28f0a85']],
      ['down_revision = (None,)', []],
      ['down_revision = [None]', []],
      ['down_revision = ()', []],
      ['down_revision = ""', []],
      ['down_revision = "cf21" + "a28f0a85"', ['cf21a28f0a85']],
      ['down_revision = ("aaa",) + ("bbb",)', ['aaa', 'bbb']],
      ['down_revision = tuple(["cf21a28f0a85"])', ['cf21a28f0a85']],
      ['down_revision = list(("aaa", "bbb"))', ['aaa', 'bbb']],
      ['down_revision = f"cf21a28f0a85"', ['cf21a28f0a85']],
      ['down_revision = rf"cf21{{x}}"', ['cf21{x}']],
      ['down_revision: Union[str, None] = "cf21a28f0a85"', ['cf21a28f0a85']],
      ['down_revision = ["cf21a28f0a85"],', ['cf21a28f0a85']],
      ['down_revision = [["aaa", "bbb"]]', ['aaa', 'bbb']],
      ['down_revision = False', []],
      ['down_revision = (None, None)', []],
    ];
    for (const [line, parents] of forms) {
      const header = await parseMigrationHeader(`revision = f"bbbbbbbbbbbb"\n${line}\n`, 'v/bbbbbbbbbbbb_x.py');
      expect([line, header.revision, header.downRevisions, header.problem]).toEqual([line, 'bbbbbbbbbbbb', parents, undefined]);
    }
  });

  it('refuses what Alembic fails on: a revision that is not a string or holds @ - +, a set, None mixed with ids', async () => {
    const refused: Array<[string, string]> = [
      ['revision = 5\ndown_revision = None', '`revision` must be a string'],
      ['revision = None\ndown_revision = None', '`revision` must be a string'],
      ['revision = b"abc"\ndown_revision = None', 'bytes'],
      ['revision = "ab@c"\ndown_revision = None', 'Alembic refuses the characters'],
      ['revision = "abc"\ndown_revision = {"x"}', 'a set'],
      ['revision = "abc"\ndown_revision = ["x", None]', 'mixes revision ids with None'],
      ['revision = "abc"\ndown_revision = 5', 'a number'],
    ];
    for (const [header, message] of refused) {
      const parsed = await parseMigrationHeader(`${header}\n`, 'v/abc.py');
      expect(parsed.problem, header).toMatchObject({ kind: 'syntax', message: expect.stringContaining(message), help: expect.stringContaining('plain literals') });
    }
  });

  it('agrees with Alembic itself on what it loads: the literal forms load, the refused ones fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-header-forms-'));
    try {
      mkdirSync(join(dir, 'versions'));
      writeFileSync(join(dir, 'env.py'), '');
      for (const base of ['aaaaaaaaaaaa', 'cccccccccccc']) writeFileSync(join(dir, 'versions', `${base}_base.py`), `revision = "${base}"\ndown_revision = None\n`);
      const headers = [
        ['down_revision = "aaaaaaaaaaaa",', true],
        ['down_revision = (None,)', true],
        ['down_revision = [None]', true],
        ['down_revision = "aaaaaa" + "aaaaaa"', true],
        ['down_revision = tuple(["aaaaaaaaaaaa"])', true],
        ['down_revision = f"aaaaaaaaaaaa"', true],
        ['down_revision = ["aaaaaaaaaaaa"],', true],
        ['down_revision = [["aaaaaaaaaaaa", "cccccccccccc"]]', true],
        ['down_revision = False', true],
        ['down_revision = 5', false],
        ['down_revision = {"aaaaaaaaaaaa"}', false],
        ['down_revision = ["aaaaaaaaaaaa", None]', false],
        ['down_revision = True', false],
      ] as const;
      const files = headers.map((_, index) => join(dir, 'versions', `b${String(index).padStart(11, '0')}_x.py`));
      headers.forEach(([line], index) => writeFileSync(files[index]!, `revision = "b${String(index).padStart(11, '0')}"\n${line}\n`));
      const alembic = await alembicRefusals(dir, files);
      const ours = await Promise.all(files.map(async (file) => (await parseMigrationHeader(readFileSync(file), file)).problem?.kind !== 'syntax'));
      expect(headers.map(([line], index) => [line, alembic[index] === null, ours[index]])).toEqual(headers.map(([line, loads]) => [line, loads, loads]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a file with CR-only line endings as Python does', async () => {
    const header = await parseMigrationHeader(Buffer.from('"""old mac"""\rrevision = "abc"\rdown_revision = "def"\rdef upgrade():\r    pass\r'), 'v/abc.py');
    expect(header).toMatchObject({ revision: 'abc', downRevisions: ['def'], message: 'old mac', revisionLine: 2, problem: undefined });
  });

  it('reports a file without a revision assignment, naming the file', async () => {
    const header = await parseMigrationHeader('"""helpers shared by migrations"""\nimport sqlalchemy as sa\n', 'alembic/versions/helpers.py');
    expect(header.revision).toBeNull();
    expect(header.problem).toMatchObject({ line: 1, column: 1, message: 'no `revision = "..."` assignment in helpers.py', kind: 'syntax' });
  });

  it('reports a syntax error with its line and still reads the header', async () => {
    const source = migration('revision = "5y7a8b9c0d1e"\ndown_revision = "4a5b6c7d8e9f"').replace('def downgrade():\n', 'def downgrade(:\n');
    const header = await parseMigrationHeader(source, 'v/5y7a8b9c0d1e_broken.py');
    expect(header.revision).toBe('5y7a8b9c0d1e');
    expect(header.downRevisions).toEqual(['4a5b6c7d8e9f']);
    expect(header.message).toBe('add bio to user');
    expect(header.problem?.line).toBe(source.split('\n').indexOf('def downgrade(:') + 1);
    expect(header.problem?.message).toMatch(/^invalid Python syntax/);
  });

  it('reads every migration of examples/stk-app into one chain', async () => {
    const dir = join(repoRoot, 'examples', 'stk-app', 'alembic', 'versions');
    const files = ['617868ccc614_create_role_user_and_roles_users_tables.py', 'bd5f7f598bec_add_oauth_table.py', '39a94c31b0e5_add_blog_post_table.py'];
    const headers = await Promise.all(files.map((name) => parseMigrationHeader(readFileSync(join(dir, name), 'utf8'), name)));
    expect(headers.map((h) => [h.revision, h.downRevisions, h.message])).toEqual([
      ['617868ccc614', [], 'create role, user and roles_users tables'],
      ['bd5f7f598bec', ['617868ccc614'], 'add oauth table'],
      ['39a94c31b0e5', ['bd5f7f598bec'], 'add blog post table'],
    ]);
    expect(headers.every((h) => h.problem === undefined)).toBe(true);
  });
});

import { baseMigration, lineOf, migration, ruleTester } from './harness.js';

const addBio = 'op.add_column("user", sa.Column("headline", sa.String(length=120), nullable=True))';
const ok = migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' });
const revisionLine = lineOf(ok, 'revision = ');
const downLine = lineOf(ok, 'down_revision = ');

const broken = ok.replace('nullable=True))', 'nullable=True)');
const nonLiteral = ok.replace('revision = "2c3d4e5f6a7b"', 'revision = make_id()');
const nonLiteralOther = migration({ revision: '9f8e7d6c5b4a', upgrade: 'pass' }).replace('revision = "9f8e7d6c5b4a"', 'revision = f"{PREFIX}9f8e7d6c5b4a"');
const orphan = ok.replace('down_revision = "1a2b3c4d5e6f"', 'down_revision = "0000deadbeef"');
const copy = baseMigration();
const cycleA = migration({ revision: 'aaaaaaaaaaaa', down: 'bbbbbbbbbbbb', upgrade: 'pass' });
const cycleB = migration({ revision: 'bbbbbbbbbbbb', down: 'aaaaaaaaaaaa', upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' });
const otherHead = (labels?: string[]) => migration({ revision: '9f8e7d6c5b4a', upgrade: 'op.create_index("ix_user_name", "user", ["name"])', downgrade: 'op.drop_index("ix_user_name", table_name="user")', branchLabels: labels });
const labelled = (labels: string[]) => migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")', branchLabels: labels });

/** CPython refuses these although tree-sitter reads them without an error. */
const refused: Array<[string, string, string, string]> = [
  ['a function whose body is only a comment', ok.replace(`def downgrade():\n    op.drop_column("user", "headline")`, 'def downgrade():\n    # nothing to undo'), '# nothing to undo', 'expected an indented block after function definition'],
  ['tabs and spaces mixed', ok.replace(`    ${addBio}`, `\t${addBio}\n        pass`), 'pass', 'inconsistent use of tabs and spaces'],
  ['a dedent to no outer level', ok.replace(`    ${addBio}`, `        ${addBio}\n      pass`), 'pass', 'unindent does not match any outer indentation level'],
  ['an unexpected indent', ok.replace('depends_on = None', '    depends_on = None'), 'depends_on', 'unexpected indent'],
  ['a repeated keyword argument', ok.replace('nullable=True))', 'nullable=True, nullable=False))'), 'op.add_column', 'keyword argument repeated: nullable'],
  ['a positional argument after a keyword one', ok.replace('nullable=True))', 'nullable=True, True))'), 'op.add_column', 'positional argument follows keyword argument'],
  ['return at module level', ok.replace('depends_on = None', 'depends_on = None\nreturn'), 'return', "'return' outside function"],
  ['brackets nested past CPython\'s 200 levels', ok.replace('depends_on = None', `depends_on = ${'('.repeat(201)}None${')'.repeat(201)}`), 'depends_on', 'too many nested parentheses'],
  ['a decimal with a leading zero', ok.replace('length=120', 'length=0120'), 'op.add_column', 'leading zeros'],
  ['an assignment expression as a statement', ok.replace('depends_on = None', 'depends_on := None'), 'depends_on', ':='],
];

ruleTester('syntax-error', {
  defaultSeverity: 'error',
  valid: [
    { name: 'a clean file', code: ok },
    { name: 'CR-only line endings, which Python reads', code: ok.replaceAll('\n', '\r') },
    { name: 'brackets nested 200 levels, as CPython allows', code: ok.replace('depends_on = None', `depends_on = ${'('.repeat(199)}None${')'.repeat(199)}`) },
    { name: 'a tuple down_revision written with a trailing comma', code: ok.replace('down_revision = "1a2b3c4d5e6f"', 'down_revision = "1a2b3c4d5e6f",') },
    { name: 'a revision id computed when the file runs (cannot verify, not a syntax error)', code: nonLiteral },
  ],
  invalid: [
    { name: 'an unclosed parenthesis', code: broken, lines: [lineOf(broken, 'op.add_column')], message: 'Alembic cannot load this revision' },
    ...refused.map(([name, code, line, message]) => ({ name, code, lines: [lineOf(code, line)], message })),
    { name: 'a revision id Alembic refuses', code: ok.replace('revision = "2c3d4e5f6a7b"', 'revision = 20260326'), lines: [revisionLine], help: 'plain literals' },
  ],
});

ruleTester('too-large', {
  defaultSeverity: 'error',
  valid: [{ name: 'a migration of ordinary size', code: ok }],
  invalid: [
    {
      name: 'more statements in upgrade() than the operation limit',
      code: migration({ upgrade: Array.from({ length: 5001 }, (_, index) => `op.execute(sa.text("UPDATE t SET n = ${index}"))`).join('\n') }),
      lines: [lineOf(migration({ upgrade: 'pass' }), 'def upgrade')],
      message: '5001 statements in upgrade(), past the limit of 5000 operations',
    },
    {
      name: 'an expression nested deeper than the limit (CPython accepts the chain, the checks do not follow it)',
      code: ok.replace('depends_on = None', `depends_on = x${'.y'.repeat(1100)}`),
      lines: [lineOf(ok, 'depends_on')],
      message: 'nested more than 1000 syntax levels deep',
    },
  ],
});

ruleTester('revision-mismatch', {
  defaultSeverity: 'error',
  valid: [{ name: 'file named after its revision', code: ok }],
  invalid: [{ name: 'file named after another revision', code: ok, file: 'alembic/versions/ffffffffffff_add_headline.py', lines: [revisionLine], help: '2c3d4e5f6a7b_<slug>.py' }],
});

ruleTester('missing-parent', {
  defaultSeverity: 'error',
  valid: [{ name: 'parent present', code: ok }],
  invalid: [
    { name: 'down_revision names no file', code: orphan, lines: [downLine], message: '`0000deadbeef`', help: '"1a2b3c4d5e6f"' },
    { name: 'a revision id computed when the file runs: cannot verify', code: nonLiteral, lines: [lineOf(nonLiteral, 'revision = make_id()')], severity: 'info', message: 'Cannot verify `revision`' },
    { name: 'a parent that no file declares while another header is computed: cannot verify', code: orphan, history: [baseMigration(), nonLiteralOther], lines: [downLine], severity: 'info', message: 'Cannot verify that `0000deadbeef` exists' },
  ],
});

ruleTester('duplicate-revision', {
  defaultSeverity: 'error',
  valid: [{ name: 'unique ids', code: ok }],
  invalid: [{ name: 'a copied revision file', code: copy, file: 'alembic/versions/1a2b3c4d5e6f_copy.py', lines: [lineOf(copy, 'revision = ')], message: 'alembic/versions/1a2b3c4d5e6f_test.py' }],
});

ruleTester('revision-cycle', {
  defaultSeverity: 'error',
  valid: [{ name: 'a straight line', code: ok }],
  invalid: [{ name: 'two revisions pointing at each other', code: cycleB, history: [baseMigration(), cycleA], lines: [lineOf(cycleB, 'down_revision = ')] }],
});

ruleTester('multiple-heads', {
  defaultSeverity: 'error',
  valid: [
    { name: 'one head', code: ok },
    { name: 'two heads, but this revision is not one of them', code: ok, history: [baseMigration(), otherHead(), migration({ revision: 'cccccccccccc', down: '2c3d4e5f6a7b', upgrade: 'pass' })] },
    { name: 'each head closes its own named branch (expand/contract)', code: labelled(['expand']), history: [baseMigration(), otherHead(['contract'])] },
  ],
  invalid: [
    { name: 'two unlabelled heads from the same parent', code: ok, history: [baseMigration(), otherHead()], lines: [revisionLine], help: 'down_revision = "9f8e7d6c5b4a"' },
    { name: 'only one head is labelled', code: ok, history: [baseMigration(), otherHead(['contract'])], lines: [revisionLine] },
    { name: 'both heads carry the same label', code: labelled(['expand']), history: [baseMigration(), otherHead(['expand'])], lines: [lineOf(labelled(['expand']), 'revision = ')] },
  ],
});

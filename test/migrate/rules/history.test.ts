import { baseMigration, lineOf, migration, ruleTester } from './harness.js';

const addBio = 'op.add_column("user", sa.Column("headline", sa.String(length=120), nullable=True))';
const ok = migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' });
const revisionLine = lineOf(ok, 'revision = ');
const downLine = lineOf(ok, 'down_revision = ');

const broken = ok.replace('nullable=True))', 'nullable=True)');
const nonLiteral = ok.replace('revision = "2c3d4e5f6a7b"', 'revision = make_id()');
const orphan = ok.replace('down_revision = "1a2b3c4d5e6f"', 'down_revision = "0000deadbeef"');
const copy = baseMigration();
const cycleA = migration({ revision: 'aaaaaaaaaaaa', down: 'bbbbbbbbbbbb', upgrade: 'pass' });
const cycleB = migration({ revision: 'bbbbbbbbbbbb', down: 'aaaaaaaaaaaa', upgrade: addBio, downgrade: 'op.drop_column("user", "headline")' });
const otherHead = (labels?: string[]) => migration({ revision: '9f8e7d6c5b4a', upgrade: 'op.create_index("ix_user_name", "user", ["name"])', downgrade: 'op.drop_index("ix_user_name", table_name="user")', branchLabels: labels });
const labelled = (labels: string[]) => migration({ upgrade: addBio, downgrade: 'op.drop_column("user", "headline")', branchLabels: labels });

ruleTester('syntax-error', {
  defaultSeverity: 'error',
  valid: [{ name: 'a clean file', code: ok }],
  invalid: [
    { name: 'an unclosed parenthesis', code: broken, lines: [lineOf(broken, 'op.add_column')], message: 'Alembic cannot load this revision' },
    { name: 'a revision id that is not a literal', code: nonLiteral, lines: [lineOf(nonLiteral, 'revision = make_id()')], help: 'plain literals' },
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
  invalid: [{ name: 'down_revision names no file', code: orphan, lines: [downLine], message: '`0000deadbeef`', help: '"1a2b3c4d5e6f"' }],
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

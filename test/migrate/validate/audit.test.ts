import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingsReportSchema, type Finding } from '../../../scripts/lib/findings/schema.js';
import { copyExample, repoRoot, stkMigrate } from '../../helpers/example-project.js';
import { alembicRefusals, cpythonRefusals } from '../../helpers/oracle.js';

/** The failures of the outside audit that validate, context and the hook share, each rebuilt from its description. */

const head = 'alembic/versions/8ceb393b0b26_add_status_to_post.py';
const parent = 'cf21a28f0a85';

async function validateJson(root: string, ...args: string[]): Promise<{ exitCode: number | undefined; findings: Finding[] }> {
  const result = await execa('node', [join(repoRoot, 'dist', 'cli.cjs'), 'validate', '--format', 'json', '--no-squawk', ...args], { cwd: root, reject: false, timeout: 60_000 });
  expect(result.timedOut, 'validate ran past a minute').toBe(false);
  expect(result.stderr).toBe('');
  return { exitCode: result.exitCode, findings: FindingsReportSchema.parse(JSON.parse(result.stdout)).findings };
}

function hook(root: string, file: string) {
  const input = JSON.stringify({ session_id: 'audit', cwd: root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: join(root, file) } });
  return execa('node', [join(repoRoot, 'dist', 'hook.cjs')], { cwd: root, input, reject: false, timeout: 60_000 });
}

describe('the audit, on validate, context and the hook', () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  it('1. revision = "" (Alembic loads it): every command ends, and the empty id is reported as not matching the file name', async () => {
    const file = 'alembic/versions/aaaaaaaaaaaa_empty.py';
    writeFileSync(join(project.root, file), `revision = ""\ndown_revision = "${parent}"\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`);
    expect(await alembicRefusals(join(project.root, 'alembic'), [join(project.root, file)], project.root)).toEqual([null]);
    const { findings } = await validateJson(project.root, '--all');
    expect(findings.filter((finding) => finding.file === file).map((finding) => finding.rule)).toContain('revision-mismatch');
    const context = await execa('node', [join(repoRoot, 'dist', 'cli.cjs'), 'context', '--format', 'json'], { cwd: project.root, reject: false, timeout: 60_000 });
    expect(context.exitCode).toBe(0);
    expect((JSON.parse(context.stdout) as { heads: string[] }).heads.sort()).toEqual(['', '4e7d1c9a2b6f']);
    const onHook = await hook(project.root, file);
    expect(onHook.timedOut).toBe(false);
    expect(onHook.exitCode).toBe(2);
  });

  it('4. no file that Alembic loads is a syntax-error: CR-only line endings, and every down_revision form Python accepts', async () => {
    const source = readFileSync(join(project.root, head), 'utf8');
    const half = parent.length / 2;
    const variants: Record<string, string | Buffer> = {
      'CR-only line endings': source.replaceAll('\n', '\r'),
      'CRLF line endings': source.replaceAll('\n', '\r\n'),
      'a one-element tuple written with a trailing comma': source.replace(`down_revision = "${parent}"`, `down_revision = "${parent}",`),
      'a parenthesised one-element tuple': source.replace(`down_revision = "${parent}"`, `down_revision = ("${parent}",)`),
      'a list': source.replace(`down_revision = "${parent}"`, `down_revision = ["${parent}"]`),
      'two strings added': source.replace(`down_revision = "${parent}"`, `down_revision = "${parent.slice(0, half)}" + "${parent.slice(half)}"`),
      'tuple([...])': source.replace(`down_revision = "${parent}"`, `down_revision = tuple(["${parent}"])`),
      'list((...))': source.replace(`down_revision = "${parent}"`, `down_revision = list(("${parent}",))`),
      'an f-string without placeholders': source.replace(`down_revision = "${parent}"`, `down_revision = f"${parent}"`),
      'an f-string revision': source.replace('revision = "8ceb393b0b26"', 'revision = f"8ceb393b0b26"'),
      'an annotated header': source.replace(`down_revision = "${parent}"`, `down_revision: str | None = "${parent}"`),
      'depends_on as [None]': source.replace('depends_on = None', 'depends_on = [None]'),
      'branch_labels as a tuple': source.replace('branch_labels = None', 'branch_labels = ("status",)'),
      'a UTF-8 BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(source)]),
      'a latin-1 file that says so': Buffer.from(`# -*- coding: latin-1 -*-\n${source.replace('"""add status', '"""add st\u00e4tus')}`, 'latin1'),
      'tabs, used consistently': source.replaceAll('\n    ', '\n\t').replaceAll('\n        ', '\n\t\t'),
      'a form feed between functions': source.replace('\n\n\ndef downgrade', '\n\f\ndef downgrade'),
      'a comment-only block of 200 lines at the end': `${source}${'# kept for reference\n'.repeat(200)}`,
      'a computed revision (cannot verify, not a syntax error)': source.replace('revision = "8ceb393b0b26"', 'PREFIX = "8ceb"\nrevision = f"{PREFIX}393b0b26"'),
    };
    const names = Object.keys(variants);
    const files = names.map((_, index) => `alembic/versions/8ceb393b0b26_variant${index}.py`);
    rmSync(join(project.root, head));
    for (const [index, name] of names.entries()) writeFileSync(join(project.root, files[index]!), variants[name]!);
    const refusals = await alembicRefusals(
      join(project.root, 'alembic'),
      files.map((file) => join(project.root, file)),
      project.root,
    );
    expect(names.map((name, index) => [name, refusals[index]])).toEqual(names.map((name) => [name, null]));
    const { findings } = await validateJson(project.root, '--all');
    const syntax = findings.filter((finding) => finding.rule === 'syntax-error').map((finding) => `${names[files.indexOf(finding.file)]}: ${finding.message}`);
    expect(syntax).toEqual([]);
    const computed = findings.filter((finding) => finding.file === files[names.indexOf('a computed revision (cannot verify, not a syntax error)')]);
    expect(computed).toContainEqual(expect.objectContaining({ rule: 'missing-parent', severity: 'info', message: expect.stringMatching(/^Cannot verify `revision`/) }));
  });

  it('3. files Alembic cannot import are syntax errors, blocked by the hook: an IndentationError, bytes that are not UTF-8, nesting past CPython\'s limits', async () => {
    const source = readFileSync(join(project.root, head), 'utf8');
    const refused: Record<string, string | Buffer> = {
      'def upgrade(): followed only by a comment': source.replace(/def upgrade\(\):\n[\s\S]*?\n\n\ndef downgrade/, 'def upgrade():\n    # later\n\n\ndef downgrade'),
      'invalid UTF-8 in the docstring': Buffer.concat([Buffer.from('"""add st'), Buffer.from([0xe4]), Buffer.from(source.slice('"""add st'.length))]),
      'parentheses 20,000 deep': `${source}\nnested = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`,
      'calls 400 deep': source.replace('def downgrade():', `def downgrade():\n    f(${'f('.repeat(399)}1${')'.repeat(400)}`),
      'tabs and spaces mixed': source.replace('\n    # ### end Alembic commands ###\n\n\ndef downgrade', '\n\t# ### end Alembic commands ###\n\tpass\n\n\ndef downgrade'),
    };
    for (const [name, content] of Object.entries(refused)) {
      writeFileSync(join(project.root, head), content);
      expect((await cpythonRefusals([join(project.root, head)]))[0], `CPython refuses: ${name}`).not.toBeNull();
      const { exitCode, findings } = await validateJson(project.root, head);
      expect([name, exitCode, findings.filter((finding) => finding.rule === 'syntax-error').length]).toEqual([name, 1, 1]);
      const onHook = await hook(project.root, head);
      expect([name, onHook.exitCode]).toEqual([name, 2]);
      expect(onHook.stderr).toMatch(/error syntax-error Alembic cannot load this revision/);
    }
  });

  it('5. past the limits: one clear finding ("too large to check"), from validate and from the hook', async () => {
    const source = readFileSync(join(project.root, head), 'utf8');
    let seed = 5;
    const random = Buffer.alloc(5 * 1024 * 1024);
    for (let index = 0; index < random.length; index++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      random[index] = seed >> 16;
    }
    const large: Record<string, [string | Buffer, RegExp]> = {
      '50,000 operations (4.3 MB)': [
        source.replace('def downgrade():', `def upgrade_more():\n${'    op.add_column("post", sa.Column("c", sa.Integer(), nullable=True))\n'.repeat(50_000)}\n\ndef downgrade():`),
        /too large to check: \d\.\d MB, past the limit of 1\.0 MB/,
      ],
      'a 5 MB file of pass lines': [`${source}\n${'pass\n'.repeat(1_100_000)}`, /too large to check: 5\.\d MB/],
      '5 MB of random bytes': [random, /too large to check: 5\.0 MB/],
      '6,000 statements in upgrade()': [source.replace('def upgrade():\n', `def upgrade():\n${'    op.execute("SELECT 1")\n'.repeat(6000)}`), /too large to check: 60\d\d statements in upgrade\(\), past the limit of 5000 operations/],
      'a call chain 1,200 links long': [`${source}\nchained = sa${'.b()'.repeat(1200)}\n`, /too large to check: code nested more than 1000 syntax levels deep/],
    };
    for (const [name, [content, message]] of Object.entries(large)) {
      writeFileSync(join(project.root, head), content);
      const { exitCode, findings } = await validateJson(project.root, head);
      expect([name, exitCode, findings.filter((finding) => finding.file === head).map((finding) => finding.rule)]).toEqual([name, 1, ['too-large']]);
      expect(findings[0]!.message).toMatch(message);
      const onHook = await hook(project.root, head);
      expect([name, onHook.exitCode]).toEqual([name, 2]);
      expect(onHook.stderr).toMatch(/error too-large This revision was not checked: too large to check/);
    }
    const text = await stkMigrate(project.root, 'validate', head);
    expect(text.stdout.split('\n').filter((line) => line.includes(' error too-large '))).toHaveLength(1);
  });
});

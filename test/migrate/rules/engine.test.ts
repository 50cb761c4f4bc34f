import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../../scripts/lib/findings/schema.js';
import { ruleIds, rules } from '../../../scripts/lib/migrate/rules/index.js';
import { applyRuleConfig, parseRuleConfig as parseWithIds, RuleConfigError } from '../../../scripts/lib/rules/config.js';
import { renderRuleDocs } from '../../../scripts/lib/rules/docs.js';

const parseRuleConfig = (raw: unknown, where = 'stk-migrate config') => parseWithIds(raw, where, ruleIds);
import { analyze, fixture, lineOf, migration, only } from './harness.js';

const catalogue = [
  'syntax-error',
  'too-large',
  'revision-mismatch',
  'missing-parent',
  'duplicate-revision',
  'revision-cycle',
  'multiple-heads',
  'downgrade-not-inverse',
  'drop-unknown-name',
  'empty-downgrade',
  'empty-upgrade',
  'sqlite-needs-batch',
  'drop-table',
  'drop-column',
  'not-null-without-default',
  'type-narrowing',
  'probable-rename',
  'model-mismatch',
  'fk-target-unknown',
  'fk-without-index',
  'table-not-in-models',
  'missing-import',
  'raw-sql-string',
  'unnamed-constraint',
  'invalid-suppression',
];
const errors = ['syntax-error', 'too-large', 'revision-mismatch', 'missing-parent', 'duplicate-revision', 'revision-cycle', 'multiple-heads', 'downgrade-not-inverse', 'drop-unknown-name', 'empty-downgrade', 'sqlite-needs-batch', 'not-null-without-default', 'missing-import', 'model-mismatch', 'fk-target-unknown'];

describe('the catalogue', () => {
  it('has exactly the stable rule ids, in order', () => {
    expect(rules.map((rule) => rule.id)).toEqual(catalogue);
  });

  it('makes the agreed rules errors and the rest warnings or info', () => {
    for (const rule of rules) expect([rule.id, rule.defaultSeverity]).toEqual([rule.id, errors.includes(rule.id) ? 'error' : 'warning']);
  });

  it('documents every rule in four parts', () => {
    for (const rule of rules) {
      for (const part of ['what', 'why', 'example', 'fix'] as const) expect(rule.docs[part].trim().length, `${rule.id} ${part}`).toBeGreaterThan(10);
    }
  });

  it('has a ruleTester suite for every rule', () => {
    const tests = readdirSync(import.meta.dirname)
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => readFileSync(join(import.meta.dirname, name), 'utf8'))
      .join('\n');
    for (const id of catalogue) expect(tests, id).toContain(`ruleTester('${id}'`);
  });

  it('renders the docs as Markdown: a table and one section per rule', () => {
    const markdown = renderRuleDocs([{ title: 'migrations', rules }]);
    for (const rule of rules) {
      expect(markdown).toContain(`| [\`${rule.id}\`](#${rule.id}) | ${rule.group} | ${rule.defaultSeverity} |`);
      expect(markdown).toContain(`### \`${rule.id}\``);
    }
    expect(markdown.match(/\*\*Why is this bad\?\*\*/g)).toHaveLength(rules.length);
    expect(markdown.match(/```python/g)).toHaveLength(rules.length * 2);
  });
});

const dropScore = 'op.drop_column("user", "score")';
const readd = 'op.add_column("user", sa.Column("score", sa.Integer(), nullable=True))';

describe('suppression comments', () => {
  it('a trailing comment with a reason silences its line', async () => {
    const code = migration({ upgrade: `${dropScore}  # stk-migrate: ignore[drop-column] unused since 2.1`, downgrade: readd });
    expect(only(await analyze(code), 'drop-column')).toEqual([]);
  });

  it('a comment on the line before silences the next line only', async () => {
    const code = migration({ upgrade: `# stk-migrate: ignore[drop-column] unused since 2.1\n${dropScore}\nop.drop_column("user", "bio")`, downgrade: `op.add_column("user", sa.Column("bio", sa.Text(), nullable=True))\n${readd}` });
    expect(only(await analyze(code), 'drop-column').map((finding) => finding.line)).toEqual([lineOf(code, 'op.drop_column("user", "bio")')]);
  });

  it('a trailing comment after a multi-line call silences the line the call starts on', async () => {
    const code = migration({ upgrade: 'op.drop_column(\n    "user",\n    "score",\n)  # stk-migrate: ignore[drop-column] unused since 2.1', downgrade: readd });
    expect(only(await analyze(code), 'drop-column')).toEqual([]);
  });

  it('a comment before the first statement silences the rule in the whole file', async () => {
    const code = migration({ top: '# stk-migrate: ignore[drop-column, drop-table] cleanup release, data archived in ticket 412', upgrade: `${dropScore}\nop.drop_column("user", "bio")`, downgrade: 'raise NotImplementedError("irreversible")' });
    const findings = await analyze(code);
    expect(only(findings, 'drop-column')).toEqual([]);
    expect(only(findings, 'invalid-suppression')).toEqual([]);
  });

  it('a suppression of another rule silences nothing here', async () => {
    const code = migration({ upgrade: `${dropScore}  # stk-migrate: ignore[drop-table] wrong rule`, downgrade: readd });
    expect(only(await analyze(code), 'drop-column')).toHaveLength(1);
  });

  it('a suppression without a reason silences nothing and is reported', async () => {
    const code = migration({ upgrade: `${dropScore}  # stk-migrate: ignore[drop-column]`, downgrade: readd });
    const findings = await analyze(code);
    expect(only(findings, 'drop-column')).toHaveLength(1);
    expect(only(findings, 'invalid-suppression').map((finding) => [finding.line, finding.severity])).toEqual([[lineOf(code, 'ignore[drop-column]'), 'warning']]);
  });

  it('a file-level comment after code is only a line comment', async () => {
    const code = migration({ upgrade: `${dropScore}\n# stk-migrate: ignore[drop-column] not at the top\nop.drop_column("user", "bio")`, downgrade: 'raise NotImplementedError("irreversible")' });
    expect(only(await analyze(code), 'drop-column').map((finding) => finding.line)).toEqual([lineOf(code, dropScore)]);
  });
});

describe('project config', () => {
  const code = migration({ upgrade: dropScore, downgrade: readd });

  it('overrides a rule severity', async () => {
    expect(only(await analyze(code, { config: { 'drop-column': 'error' } }), 'drop-column').map((finding) => finding.severity)).toEqual(['error']);
  });

  it('turns a rule off', async () => {
    expect(only(await analyze(code, { config: { 'drop-column': 'off' } }), 'drop-column')).toEqual([]);
  });

  it('keeps "cannot verify" notes at info whatever the rule severity', async () => {
    const findings = await analyze(fixture('2c3d4e5f6a7b_opaque.py'), { config: { 'not-null-without-default': 'warning' } });
    expect(only(findings, 'not-null-without-default').map((finding) => finding.severity)).toEqual(['info']);
  });

  it('accepts known ids and squawk rules', () => {
    expect(parseRuleConfig({ 'drop-column': 'off', 'squawk/ban-drop-column': 'warning' })).toEqual({ 'drop-column': 'off', 'squawk/ban-drop-column': 'warning' });
    expect(parseRuleConfig(undefined)).toEqual({});
  });

  it('rejects an unknown rule id in one line, with a suggestion', () => {
    expect(() => parseRuleConfig({ 'drop-colum': 'off' }, 'pyproject.toml [tool.stk-migrate]')).toThrow(RuleConfigError);
    expect(() => parseRuleConfig({ 'drop-colum': 'off' }, 'pyproject.toml [tool.stk-migrate]')).toThrow(/^pyproject.toml \[tool.stk-migrate\]: unknown rule 'drop-colum' in 'rules'; did you mean 'drop-column'\? \(known: syntax-error, /);
    try {
      parseRuleConfig({ nonsense: 'off' });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects an unknown level', () => {
    expect(() => parseRuleConfig({ 'drop-column': 'fatal' })).toThrow(`stk-migrate config: rule 'drop-column' must be "error", "warning", "info" or "off", not "fatal"`);
  });

  it('applies overrides to findings from elsewhere (squawk)', () => {
    const finding = { rule: 'squawk/ban-drop-column', severity: 'warning' as const, file: 'a.py', line: 1, column: 1, message: 'm', help: 'h' };
    expect(applyRuleConfig([finding], { 'squawk/ban-drop-column': 'off' })).toEqual([]);
    expect(applyRuleConfig([finding], { 'squawk/ban-drop-column': 'error' })[0]?.severity).toBe('error');
  });

  it('knows every rule id', () => {
    expect([...ruleIds]).toEqual(catalogue);
  });
});

describe('the engine', () => {
  it('runs only the history rules on a file that does not parse', async () => {
    const code = migration({ upgrade: `${dropScore}\nop.add_column("user", sa.Column("x", sa.Integer()`, downgrade: 'pass' });
    const rulesSeen = new Set((await analyze(code)).map((finding) => finding.rule));
    expect([...rulesSeen]).toEqual(['syntax-error']);
  });

  it('produces findings that match the shared schema, sorted by position', async () => {
    const findings = await analyze(fixture('2c3d4e5f6a7b_forgot_drop_index.py'), { dialect: 'sqlite', models: [fixture('history/models.py')] });
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(FindingSchema.parse(finding)).toEqual(finding);
    const positions = findings.map((finding) => finding.line * 1000 + finding.column);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

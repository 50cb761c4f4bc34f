import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/lib/findings/schema.js';
import { validateMigrations } from '../../scripts/lib/migrate/validate.js';
import { discoverIn } from '../helpers/discover.js';
import { fixturesDir, isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();
const corpusDir = join(fixturesDir, 'corpus');

interface Expected {
  rule: string;
  severity: Finding['severity'];
  line: number;
}

/** `# expect: rule severity[, rule severity]` comments, each on the line its finding must be on. */
function expectations(source: string): Expected[] {
  return source.split('\n').flatMap((text, index) => {
    const marker = text.indexOf('# expect:');
    if (marker < 0) return [];
    return text
      .slice(marker + '# expect:'.length)
      .split(',')
      .map((item) => item.trim().split(/\s+/))
      .map(([rule, severity]) => ({ rule: rule!, severity: severity as Finding['severity'], line: index + 1 }));
  });
}

interface CaseResult {
  corpus: string;
  file: string;
  defects: number;
  caught: number;
  missed: Expected[];
  falseErrors: Finding[];
  unexpectedWarnings: Finding[];
  missingInfos: Expected[];
}

const urls: Record<string, string> = { postgresql: 'postgresql://corpus@localhost/corpus', sqlite: 'sqlite:///corpus.db' };
const results: CaseResult[] = [];

/** One case validated as `stk-migrate validate <case>` would: a throwaway project holding the history, the case and the models' naming convention. */
async function validateCase(corpus: string, file: string): Promise<CaseResult> {
  const base = join(corpusDir, corpus);
  const settings = JSON.parse(readFileSync(join(base, 'corpus.json'), 'utf8')) as { dialect: string; namingConvention?: Record<string, string> };
  const files: Record<string, string> = { 'alembic.ini': `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${urls[settings.dialect]}\n` };
  for (const name of readdirSync(join(base, 'history'))) files[`alembic/versions/${name}`] = readFileSync(join(base, 'history', name), 'utf8');
  const source = readFileSync(join(base, 'cases', file), 'utf8');
  files[`alembic/versions/${file}`] = source;
  if (settings.namingConvention) {
    files['models.py'] = `from sqlalchemy import MetaData\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base(metadata=MetaData(naming_convention=${JSON.stringify(settings.namingConvention)}))\n`;
  }
  const root = writeFiles(tempDir('corpus'), files);
  const { findings } = await validateMigrations(await discoverIn(root), { files: [join(root, 'alembic', 'versions', file)], squawk: false });
  const expected = expectations(source);
  const matches = (finding: Finding, wanted: Expected) => finding.rule === wanted.rule && finding.line === wanted.line && finding.severity === wanted.severity;
  const defects = expected.filter((wanted) => wanted.severity !== 'info');
  const missed = defects.filter((wanted) => !findings.some((finding) => matches(finding, wanted)));
  const unexpected = findings.filter((finding) => !expected.some((wanted) => matches(finding, wanted)));
  return {
    corpus,
    file,
    defects: defects.length,
    caught: defects.length - missed.length,
    missed,
    falseErrors: unexpected.filter((finding) => finding.severity === 'error'),
    unexpectedWarnings: unexpected.filter((finding) => finding.severity === 'warning'),
    missingInfos: expected.filter((wanted) => wanted.severity === 'info' && !findings.some((finding) => matches(finding, wanted))),
  };
}

describe('the review on a corpus of migrations in the shapes public projects use', () => {
  for (const corpus of readdirSync(corpusDir).filter((name) => !name.includes('.'))) {
    for (const file of readdirSync(join(corpusDir, corpus, 'cases')).sort()) {
      it(`${corpus}/${file}`, async () => {
        const result = await validateCase(corpus, file);
        results.push(result);
        expect({ missed: result.missed, falseErrors: result.falseErrors.map((finding) => `${finding.line} ${finding.rule}: ${finding.message}`), missingInfos: result.missingInfos }).toEqual({ missed: [], falseErrors: [], missingInfos: [] });
      });
    }
  }

  afterAll(() => {
    const sum = (pick: (result: CaseResult) => number) => results.reduce((total, result) => total + pick(result), 0);
    const correct = results.filter((result) => result.defects === 0);
    const lines = [
      `review corpus: ${results.length} migrations (${correct.length} correct, ${results.length - correct.length} with defects)`,
      `  defects caught: ${sum((result) => result.caught)} of ${sum((result) => result.defects)}`,
      `  false errors: ${sum((result) => result.falseErrors.length)} (on correct migrations: ${correct.filter((result) => result.falseErrors.length > 0).length} of ${correct.length})`,
      `  other warnings: ${sum((result) => result.unexpectedWarnings.length)} (${[...new Set(results.flatMap((result) => result.unexpectedWarnings.map((finding) => finding.rule)))].join(', ') || 'none'})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
});

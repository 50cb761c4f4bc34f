import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp.js';
import { cli, parseDrift, parseRoundtrip, plainAlembicProject, plainModels, sha256 } from '../roundtrip/support.js';

const tempDir = useTempDirs();

describe.each(['generic', 'async'] as const)('drift and roundtrip on a plain Alembic project (%s template)', (template) => {
  it('find no drift and a clean round trip, then each model change without a migration', async () => {
    const root = await plainAlembicProject(tempDir('drift'), template);
    const dev = join(root, 'app.db');
    const hash = sha256(dev);

    const clean = await cli(root, ['drift', '--format', 'json']);
    expect(clean.stderr).toBe('');
    expect(clean.exitCode).toBe(0);
    expect(parseDrift(clean.stdout).heads).toEqual(['a1a1a1a1a1a1']);
    const roundtrip = await cli(root, ['roundtrip', '--all', '--format', 'json']);
    expect(roundtrip.exitCode).toBe(0);
    expect(parseRoundtrip(roundtrip.stdout).revisions.map((revision) => revision.status)).toEqual(['passed']);

    writeFileSync(
      join(root, 'models.py'),
      `${plainModels.replace('name = Column(String(80), nullable=False, unique=True)', 'name = Column(String(80), nullable=False, unique=True)\n    note = Column(String(200))')}

class Tag(Base):
    __tablename__ = "tag"

    id = Column(Integer, primary_key=True)
`,
    );
    const drifted = await cli(root, ['drift']);
    expect(drifted.exitCode).toBe(1);
    const lines = drifted.stdout.split('\n').filter((line) => line.includes('[model-drift]')).map((line) => line.replace(/^.*\[model-drift\] /, ''));
    // (type changes count only where env.py or the Alembic version compares types, as autogenerate does)
    expect(lines.sort()).toEqual(['add_column: item.note VARCHAR(200)', 'add_table: tag']);
    expect(drifted.stdout).toMatch(/^models\.py:\d+:1: error \[model-drift\] add_table: tag$/m);
    expect(sha256(dev)).toBe(hash);
    expect(readFileSync(join(root, 'alembic', 'env.py'), 'utf8')).toContain('target_metadata = Base.metadata');
  });
});

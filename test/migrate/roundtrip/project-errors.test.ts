import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { copyExample, repoRoot, stkMigrate } from '../../helpers/example-project.js';
import { useTempDirs } from '../../helpers/temp.js';

/** The commands' own temporary folder (TMPDIR), to see that a refused run made no throwaway database in it. */
const tmp = useTempDirs();

describe("roundtrip and drift when the project's own Python cannot load (a real run on a copy of examples/stk-app)", () => {
  let project: { root: string; cleanup: () => void };
  beforeEach(() => {
    project = copyExample();
  });
  afterEach(() => project.cleanup());

  it('name the model file and line Python stops at, in one line with code "project", for a NameError and a SyntaxError', async () => {
    const models = join(project.root, 'stkapp', 'blog', 'models.py');
    const source = readFileSync(models, 'utf8');
    const lines = source.split('\n');
    const body = lines.findIndex((line) => line === '    body = Column(Text, nullable=True)');
    expect(body).toBeGreaterThan(0);
    writeFileSync(models, source.replace('    body = Column(Text, nullable=True)', '    body = Column(Txt, nullable=True)'));
    for (const command of ['roundtrip', 'drift']) {
      const result = await stkMigrate(project.root, command, '--format', 'json');
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([`stk-migrate: stkapp/blog/models.py:${body + 1}: NameError: name 'Txt' is not defined (the project's own Python failed while it was loaded; fix it there and run again)`]);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'project' } });
    }
    const post = lines.findIndex((line) => line.startsWith('class Post('));
    writeFileSync(models, source.replace(lines[post]!, lines[post]!.replace(/:$/, '')));
    const result = await stkMigrate(project.root, 'roundtrip');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^stk-migrate: stkapp/blog/models\\.py:${post + 1}: SyntaxError: .*\\(the project's own Python failed`));
  });

  it('refuse a history Alembic cannot load (a migration Python refuses, a parent no file declares) before any throwaway database is made', async () => {
    const own = tmp('errors-tmp');
    const run = (command: string) => execa('node', [join(repoRoot, 'dist', 'cli.cjs'), command], { cwd: project.root, env: { TMPDIR: own }, reject: false });
    const versions = join(project.root, 'alembic', 'versions');
    const file = readdirSync(versions).find((name) => name.endsWith('.py'))!;
    const source = readFileSync(join(versions, file), 'utf8');
    writeFileSync(join(versions, file), source.replace('def upgrade():', 'def upgrade(:'));
    const broken = await run('roundtrip');
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^stk-migrate: alembic/versions/${file}:\\d+:\\d+: invalid Python syntax.*; Alembic cannot load the history until that is fixed \\(stk-migrate validate --all lists every problem\\)$`));
    writeFileSync(join(versions, file), source);
    writeFileSync(join(versions, 'ffff00001111_orphan.py'), '"""orphan"""\nrevision = "ffff00001111"\ndown_revision = "eeee00000000"\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n');
    const orphan = await run('drift');
    expect(orphan.exitCode).toBe(2);
    expect(orphan.stderr).toBe('stk-migrate: alembic/versions/ffff00001111_orphan.py: revision ffff00001111 names parent eeee00000000, which no file declares; Alembic cannot load the history until that is fixed (stk-migrate validate --all lists every problem)');
    expect(readdirSync(own)).toEqual([]);
    expect(existsSync(join(project.root, 'instance'))).toBe(false);
  });
});

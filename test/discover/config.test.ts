import { describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/lib/cli/command.js';
import { readConfig } from '../../scripts/lib/discover/config.js';
import { ProjectConfigSchema, validateConfig } from '../../scripts/lib/discover/config-schema.js';
import { discoverIn } from '../helpers/discover.js';
import { isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

/** The UsageError that reading the project's config throws. */
async function configError(files: Record<string, string>): Promise<Error> {
  const root = writeFiles(tempDir('cfg'), { 'alembic.ini': '[alembic]\n', ...files });
  try {
    await readConfig(root);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as Error;
  }
  throw new Error('readConfig accepted the config');
}

describe('project config: valid', () => {
  it('reads every key from [tool.stk-migrate]', async () => {
    const root = writeFiles(tempDir('ok'), {
      'pyproject.toml': [
        '[project]',
        'name = "acme"',
        '',
        '[tool.stk-migrate]',
        'package = "acme"',
        'models = ["acme/**/models.py"]',
        'runner = "venv"',
        'python = ".venv/bin/python3"',
        'cli = "alembic"',
        'alembicIni = "alembic.ini"',
        'databaseUrl = "sqlite:///x.db"',
        'versionTable = "alembic_version_acme"',
        'timeoutSeconds = 2.5',
        '',
        '[tool.stk-migrate.rules]',
        'drop-column = "warning"',
        '',
      ].join('\n'),
    });
    const { config, pyproject } = await readConfig(root);
    expect(config).toEqual({
      package: 'acme',
      models: ['acme/**/models.py'],
      runner: 'venv',
      python: '.venv/bin/python3',
      cli: 'alembic',
      alembicIni: 'alembic.ini',
      databaseUrl: 'sqlite:///x.db',
      versionTable: 'alembic_version_acme',
      timeoutSeconds: 2.5,
      rules: { 'drop-column': 'warning' },
    });
    expect((pyproject?.project as { name: string }).name).toBe('acme');
  });

  it('lets .stk-migrate.json win key by key over pyproject.toml', async () => {
    const root = writeFiles(tempDir('merge'), {
      'pyproject.toml': '[tool.stk-migrate]\nrunner = "uv"\npackage = "acme"\n',
      '.stk-migrate.json': '{ "runner": "python" }',
    });
    expect((await readConfig(root)).config).toEqual({ runner: 'python', package: 'acme' });
  });

  it('is empty without either file, and without a [tool.stk-migrate] table', async () => {
    expect((await readConfig(tempDir('none'))).config).toEqual({});
    expect((await readConfig(writeFiles(tempDir('notool'), { 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' }))).config).toEqual({});
  });
});

describe('project config: errors are one line naming the key and the file', () => {
  it('names an unknown key and the file, and lists the allowed keys (pyproject.toml)', async () => {
    const message = (await configError({ 'pyproject.toml': '[tool.stk-migrate]\nrunnr = "uv"\n' })).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('pyproject.toml [tool.stk-migrate]');
    expect(message).toContain("unknown key 'runnr'");
    for (const key of Object.keys(ProjectConfigSchema.shape)) expect(message).toContain(key);
  });

  it('names an unknown key and the file (.stk-migrate.json)', async () => {
    const message = (await configError({ '.stk-migrate.json': '{"models": ["m.py"], "databaseURL": "sqlite://"}' })).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^\.stk-migrate\.json: unknown key 'databaseURL'/);
  });

  it.each([
    ['runner = "conda"', 'runner'],
    ['models = "x"', 'models'],
    ['models = []', 'models'],
    ['cli = "django"', 'cli'],
    ['timeoutSeconds = -1', 'timeoutSeconds'],
    ['timeoutSeconds = "3"', 'timeoutSeconds'],
    ['package = ""', 'package'],
    ['rules = { drop-column = "fatal" }', 'rules.drop-column'],
  ])('rejects %s in pyproject.toml, naming %s', async (line, key) => {
    const message = (await configError({ 'pyproject.toml': `[tool.stk-migrate]\n${line}\n` })).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('pyproject.toml [tool.stk-migrate]');
    expect(message).toContain(`'${key}'`);
  });

  it('rejects a bad value in .stk-migrate.json, naming key and file', async () => {
    const message = (await configError({ '.stk-migrate.json': '{"runner": "conda"}' })).message;
    expect(message).toMatch(/^\.stk-migrate\.json: 'runner' /);
    expect(message).toContain('uv');
    expect(message).not.toContain('\n');
  });

  it('rejects a JSON file that is not an object', async () => {
    const message = (await configError({ '.stk-migrate.json': '["runner"]' })).message;
    expect(message).toMatch(/^\.stk-migrate\.json: /);
    expect(message).not.toContain('\n');
  });

  it('reports invalid TOML in one line naming pyproject.toml', async () => {
    const message = (await configError({ 'pyproject.toml': '[tool.stk-migrate]\nrunner = "uv\npackage = 3\n' })).message;
    expect(message).toMatch(/^pyproject\.toml: /);
    expect(message).not.toContain('\n');
  });

  it('reports invalid JSON in one line naming .stk-migrate.json', async () => {
    const message = (await configError({ '.stk-migrate.json': '{ "runner": "uv", }' })).message;
    expect(message).toMatch(/^\.stk-migrate\.json: not valid JSON/);
    expect(message).not.toContain('\n');
  });

  it('surfaces the config error from discoverProject as a UsageError', async () => {
    const root = writeFiles(tempDir('disc'), { 'alembic.ini': '[alembic]\n', '.stk-migrate.json': '{"runner": "conda"}' });
    await expect(discoverIn(root)).rejects.toThrow(UsageError);
    await expect(discoverIn(root)).rejects.toThrow(/\.stk-migrate\.json: 'runner'/);
  });

  it('validateConfig accepts undefined (no table) and returns the parsed data', () => {
    expect(validateConfig(undefined, 'x')).toEqual({});
    expect(validateConfig({ runner: 'uv' }, 'x')).toEqual({ runner: 'uv' });
  });
});

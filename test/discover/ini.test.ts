import { describe, expect, it } from 'vitest';
import { iniProblem } from '../../scripts/lib/discover/ini.js';
import { runPython } from '../helpers/python.js';
import { fixtureProject, writeFiles, useTempDirs } from '../helpers/temp.js';
import { stkMigrate } from '../helpers/example-project.js';

const tempDir = useTempDirs();

/** alembic.ini texts, each judged by Python's configparser as Alembic's Config uses it (strict) and by iniProblem. */
const cases: Record<string, string> = {
  'the template shape': '[alembic]\nscript_location = alembic\n# a comment\n; another\n\n[loggers]\nkeys = root,sqlalchemy\n',
  'a continued value, blank line inside': '[alembic]\nversion_locations =\n    a\n\n    b\nscript_location: alembic\n',
  'a BOM first': '\uFEFF[alembic]\nscript_location = alembic\n',
  'an unclosed header': '[alembic\nscript_location = alembic\n',
  'a key before any section': 'script_location = alembic\n[alembic]\n',
  'a line that is not key = value': '[alembic]\nscript_location alembic\n',
  'a section twice': '[alembic]\na = 1\n[alembic]\nb = 2\n',
  'a key twice': '[alembic]\nScript_Location = a\nscript_location = b\n',
  'an empty key': '[alembic]\n= value\n',
  'a header with a bracket inside': '[a]b]\nx = 1\n',
  'percent signs (read raw here)': '[alembic]\nsqlalchemy.url = driver://%(here)s\n',
};

const judge = `
import configparser, json, sys
out = {}
for name, text in json.load(sys.stdin).items():
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text.lstrip("\\ufeff"))
        out[name] = None
    except configparser.Error as error:
        out[name] = getattr(error, "lineno", None) or (getattr(error, "errors", None) or [[None]])[0][0]
print(json.dumps(out))
`;

describe('iniProblem: what Python\'s configparser refuses, and on which line', () => {
  it('agrees with configparser on every case: refused or read, and the line it names', async () => {
    const python = JSON.parse(await runPython(judge, [], { input: JSON.stringify(cases) })) as Record<string, number | null>;
    const ours = Object.fromEntries(Object.entries(cases).map(([name, text]) => [name, iniProblem(text)?.line ?? null]));
    expect(ours).toEqual(python);
    expect(Object.values(python).filter((line) => line !== null).length).toBeGreaterThanOrEqual(6);
  });

  it('stops every command at discovery with the file, the line and what is wrong, before anything runs', async () => {
    const root = writeFiles(tempDir('badini'), { 'alembic.ini': '[alembic\nscript_location = alembic\n', 'alembic/env.py': '', 'alembic/versions/.keep': '' });
    for (const command of ['context', 'validate', 'roundtrip']) {
      const result = await stkMigrate(root, command, '--format', 'json');
      expect(JSON.parse(result.stdout), command).toMatchObject({ error: { code: 'config', message: expect.stringMatching(/alembic\.ini:1: Alembic cannot read this file: "\[alembic" comes before the first \[section\] header; fix that line$/) } });
    }
    void fixtureProject;
  });
});

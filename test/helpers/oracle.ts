import { execa } from 'execa';
import { systemPython } from './python.js';

/**
 * The real judges of a Python file: CPython's own compiler, and Alembic's own loader. One Python process
 * answers a whole batch (a JSON list of paths on stdin, a JSON list of verdicts on stdout).
 */

const compileProgram = `
import json, sys
verdicts = []
for path in json.load(sys.stdin):
    try:
        with open(path, 'rb') as source:
            compile(source.read(), path, 'exec')
        verdicts.append(None)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        verdicts.append(type(error).__name__ + ': ' + str(error).split('\\n')[0])
print(json.dumps(verdicts))
`;

/** For each file, null when CPython compiles it, else its error (`IndentationError: ...`). */
export async function cpythonRefusals(paths: string[]): Promise<Array<string | null>> {
  if (paths.length === 0) return [];
  const result = await execa(systemPython, ['-c', compileProgram], { input: JSON.stringify(paths), timeout: 120_000, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  return JSON.parse(result.stdout) as Array<string | null>;
}

const alembicProgram = `
import json, os, sys, warnings
warnings.simplefilter('ignore')
from alembic.config import Config
from alembic.script import Script, ScriptDirectory
from alembic.script.revision import RevisionMap
request = json.load(sys.stdin)
config = Config()
config.set_main_option('script_location', request['scriptLocation'])
directory = ScriptDirectory.from_config(config)
verdicts = []
for path in request['files']:
    try:
        script = Script._from_path(directory, path)
        if script is None:
            verdicts.append('not a revision file')
            continue
        # the revision map Alembic builds from every file: a header of the wrong shape fails here
        try:
            revisions = RevisionMap(lambda: [script])
            revisions.heads, revisions.bases
        except KeyError:
            pass  # a parent outside this one file: a question for the whole history, not for the file
        verdicts.append(None)
    except BaseException as error:
        verdicts.append(type(error).__name__ + ': ' + str(error).split('\\n')[0])
print(json.dumps(verdicts))
`;

/**
 * For each revision file, null when Alembic loads it (imports the module, builds its Script and puts it
 * in a revision map, as ScriptDirectory does for every file of the versions folder), else the error.
 */
export async function alembicRefusals(scriptLocation: string, paths: string[], cwd?: string): Promise<Array<string | null>> {
  if (paths.length === 0) return [];
  const result = await execa(systemPython, ['-c', alembicProgram], { input: JSON.stringify({ scriptLocation, files: paths }), timeout: 300_000, cwd, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  return JSON.parse(result.stdout.split('\n').filter(Boolean).pop() ?? '[]') as Array<string | null>;
}

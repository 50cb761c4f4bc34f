import type { Finding } from '../findings/schema.js';
import type { ModelFileResult } from '../models/parse.js';
import type { SyntaxProblem } from '../parse/source.js';

/**
 * Model files Python cannot import (or too large to read): the app, autogenerate and drift all fail on
 * them, and the model-agreement rules cannot trust what was read. Reported once per run, at the file.
 */
export function modelFileFindings(files: Array<Pick<ModelFileResult, 'file' | 'problem'>>): Finding[] {
  return unreadableModelFiles(files).flatMap((model): Finding[] => {
    const { problem } = model;
    const at = { file: model.file, line: problem.line, column: problem.column, severity: 'error' as const };
    return problem.kind === 'limit'
      ? [{ ...at, rule: 'too-large', message: `This model file was not checked: ${problem.message}.`, help: 'split the module; generated data belongs in a data file, not in the models' }]
      : [
          {
            ...at,
            rule: 'syntax-error',
            message: `Python cannot import this model file (${problem.message}), so the application, autogenerate and drift all fail.`,
            help: `fix the Python at line ${problem.line}, column ${problem.column}; \`python -m py_compile ${model.file}\` shows the interpreter's view`,
          },
        ];
  });
}

/** The model files whose declarations are unknown: Python cannot import them, or they are past the limits. */
export function unreadableModelFiles(files: Array<Pick<ModelFileResult, 'file' | 'problem'>>): Array<{ file: string; problem: SyntaxProblem }> {
  return files.flatMap(({ file, problem }) => (problem && problem.kind !== 'unverified' ? [{ file, problem }] : []));
}

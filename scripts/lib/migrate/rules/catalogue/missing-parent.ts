import { unresolvedDependencies } from '../../references.js';
import { listed } from '../helpers.js';
import type { Report, Rule } from '../types.js';

export const missingParent: Rule = {
  id: 'missing-parent',
  group: 'history',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a `down_revision` (or a member of a merge tuple) that no revision file declares, and a `depends_on` entry that is neither a revision id nor a branch label (Alembic takes no prefix there). A header computed when the file runs (an f-string with a placeholder, a variable) gets an info "cannot verify" instead, and so do missing parents while any header is computed.',
    why: 'Alembic cannot place the revision in the history, so `upgrade`, `downgrade` and `history` all fail with "Can\'t locate revision" (for `depends_on`: `KeyError`).',
    example: 'revision = "3f2a9c1d0b7e"\ndown_revision = "0000deadbeef"  # no such revision',
    fix: 'revision = "3f2a9c1d0b7e"\ndown_revision = "9e8d7c6b5a41"  # the head this revision was written on',
  },
  check({ graph, file, header, downRevisionLine, dependsOnLine }) {
    const heads = graph.heads.filter((head) => graph.byRevision.get(head)?.file !== file);
    const computed = graph.problems.flatMap((problem) => (problem.kind === 'unverified' ? [problem.file] : []));
    const dependencies = unresolvedDependencies(graph)
      .filter((dependency) => dependency.file === file)
      .map(
        (dependency): Report => ({
          line: dependsOnLine,
          column: 1,
          message: `depends_on names \`${dependency.name}\`, which is neither a revision nor a branch label, so every Alembic command fails with KeyError: '${dependency.name}'.`,
          help: 'name the full revision id (Alembic takes no prefix in depends_on) or a branch label, or remove the entry',
        }),
      );
    const own: Report[] =
      header.problem?.kind === 'unverified'
        ? [
            {
              line: header.problem.line,
              column: header.problem.column,
              severity: 'info',
              message: `${header.problem.message[0]!.toUpperCase()}${header.problem.message.slice(1)}, so its place in the history is not checked.`,
              help: 'write the header as plain literals (`revision = "<id>"`, `down_revision = "<parent id>"`), as `alembic revision` does',
            },
          ]
        : [];
    return own.concat(
      dependencies,
      graph.problems.flatMap((problem): Report[] =>
        problem.kind === 'missing-parent' && problem.file === file
          ? [
              computed.length > 0
                ? {
                    line: downRevisionLine,
                    column: 1,
                    severity: 'info',
                    message: `Cannot verify that \`${problem.parent}\` exists: ${listed(computed)} computes its header when it runs.`,
                    help: 'write every header as plain literals, so that the history can be checked without running it',
                  }
                : {
                    line: downRevisionLine,
                    column: 1,
                    message: `down_revision names \`${problem.parent}\`, which no revision file declares, so Alembic cannot build the history and every command fails.`,
                    help: heads.length
                      ? `point down_revision at an existing revision, most likely the head it was written on: ${listed(heads.map((head) => `"${head}"`), ' or ')}; or restore the missing file`
                      : 'point down_revision at an existing revision, or restore the missing file',
                  },
            ]
          : [],
      ),
    );
  },
};

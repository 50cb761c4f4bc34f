import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { migrationCommand, resolvePython, findOnPath } from '../../discover/runner.js';
import type { Project } from '../../discover/types.js';
import type { Finding } from '../../findings/schema.js';
import type { MigrationHeader } from '../header.js';

/** Squawk rules that do not fit Alembic migrations: each runs once, tracked by the version table. */
export const DEFAULT_SQUAWK_EXCLUDES = ['prefer-robust-stmts'];

const SquawkReport = z.array(
  z.object({
    line: z.number(),
    column: z.number(),
    line_end: z.number().optional(),
    level: z.string(),
    message: z.string(),
    help: z.string().nullish(),
    rule_name: z.string(),
  }),
);

/** The squawk binary that npm's `squawk-cli` ships for this platform, else one on PATH. */
export function squawkBinary(): string | undefined {
  if (process.env.STK_MIGRATE_SQUAWK) return process.env.STK_MIGRATE_SQUAWK;
  try {
    const require = createRequire(import.meta.url);
    const cli = dirname(require.resolve('squawk-cli/package.json'));
    const binary = process.platform === 'win32' ? 'squawk.exe' : 'squawk';
    return createRequire(join(cli, 'package.json')).resolve(`@squawk-cli/${process.platform}-${process.arch}/bin/${binary}`);
  } catch {
    return findOnPath('squawk')[0];
  }
}

function info(file: string, message: string, help: string): Finding {
  return { rule: 'squawk', severity: 'info', file, line: 1, column: 1, message, help };
}

/** Where a SQL statement came from in the migration: the caller knows the operations and their lines. */
export type LocateStatement = (statement: string) => { line: number; column: number };

/**
 * PostgreSQL lock safety by squawk: the migration rendered to SQL by Alembic's offline mode in the
 * project's own environment, then squawk's findings as `squawk/<rule>`, placed on the operation that
 * produced each statement.
 */
export async function squawkMigration(project: Project, header: MigrationHeader, locate: LocateStatement, timeoutMs = 60_000): Promise<Finding[]> {
  const binary = squawkBinary();
  if (!binary) return [info(header.file, 'PostgreSQL lock checks skipped: squawk is not installed.', 'npm install squawk-cli (it ships the binary), or put squawk on PATH.')];
  let python: string[];
  try {
    python = await resolvePython(project.root, project.runner, project.config);
  } catch (error) {
    return [info(header.file, `PostgreSQL lock checks skipped: ${(error as Error).message}`, 'Make the project\'s Python importable, then run validate again.')];
  }
  const range = header.downRevisions[0] ? `${header.downRevisions[0]}:${header.revision}` : `${header.revision}`;
  // Flask-Migrate's env.py runs only inside the app, which `flask db` sets up; Alembic itself serves the others
  const config = [...(project.alembicIni ? ['-c', project.alembicIni] : []), ...(project.alembicSection !== 'alembic' ? ['-n', project.alembicSection] : [])];
  const argv = project.cli.kind === 'flask' ? migrationCommand(project, python, ['upgrade', range, '--sql']) : [...python, '-m', 'alembic', ...config, 'upgrade', range, '--sql'];
  const render = await execa(argv[0]!, argv.slice(1), {
    cwd: project.root,
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
  });
  if (render.exitCode !== 0) {
    const reason = render.timedOut ? `timed out after ${timeoutMs / 1000} s` : (render.stderr.trim().split('\n').pop() ?? `exit code ${render.exitCode}`);
    return [info(header.file, `PostgreSQL lock checks skipped: Alembic could not render the SQL (${reason}).`, `Run: alembic upgrade ${range} --sql`)];
  }
  const sql = render.stdout;
  const dir = mkdtempSync(join(tmpdir(), 'stk-migrate-squawk-'));
  try {
    const sqlFile = join(dir, 'migration.sql');
    writeFileSync(sqlFile, sql);
    const excludes = project.config.squawkExclude ?? DEFAULT_SQUAWK_EXCLUDES;
    const run = await execa(binary, ['--reporter', 'json', ...(excludes.length ? [`--exclude=${excludes.join(',')}`] : []), sqlFile], {
      reject: false,
      timeout: timeoutMs,
      stdin: 'ignore',
    });
    let report: z.infer<typeof SquawkReport>;
    try {
      report = SquawkReport.parse(JSON.parse(run.stdout || '[]'));
    } catch {
      return [info(header.file, `PostgreSQL lock checks skipped: squawk answered unexpectedly (${run.stderr.trim().split('\n')[0] ?? ''}).`, 'Check the squawk installation.')];
    }
    const lines = sql.split('\n');
    return report
      .map((violation) => ({ violation, statement: lines.slice(violation.line, (violation.line_end ?? violation.line) + 1).join('\n') }))
      .filter(({ statement }) => !/alembic_version/i.test(statement))
      .map(({ violation, statement }) => ({
        rule: `squawk/${violation.rule_name}`,
        severity: violation.level.toLowerCase() === 'error' ? 'error' : 'warning',
        file: header.file,
        ...locate(statement),
        message: `${violation.message} (${statement.trim().split('\n')[0]?.slice(0, 120)})`,
        help: violation.help ?? `See squawk's documentation of ${violation.rule_name}.`,
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

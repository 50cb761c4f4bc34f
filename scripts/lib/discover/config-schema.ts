import { z } from 'zod';
import { UsageError } from '../cli/command.js';

const Level = z.enum(['error', 'warning', 'info', 'off']);

/** `[tool.stk-migrate]` in pyproject.toml or `.stk-migrate.json`: every discovered fact can be overridden. */
export const ProjectConfigSchema = z
  .object({
    package: z.string().min(1).describe('the application package folder'),
    models: z.array(z.string().min(1)).min(1).describe('glob patterns of the model files, relative to the root'),
    runner: z.enum(['uv', 'venv', 'python']),
    python: z.string().min(1).describe('the Python interpreter to use with runner "python" or "venv"'),
    cli: z.enum(['stk', 'quart', 'flask', 'alembic']),
    alembicIni: z.string().min(1),
    databaseUrl: z.string().min(1),
    versionTable: z.string().min(1),
    timeoutSeconds: z.number().positive().max(3600),
    rules: z.record(z.string(), Level),
    squawkExclude: z.array(z.string()).describe('squawk rules to leave out (default: prefer-robust-stmts)'),
  })
  .partial()
  .strict();
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

function describeIssue(issue: z.core.$ZodIssue, where: string): string {
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown key ${issue.keys.map((key) => `'${key}'`).join(', ')}; allowed: ${Object.keys(ProjectConfigSchema.shape).join(', ')}`;
  }
  const path = issue.path.join('.') || '(top level)';
  return `${where}: '${path}' ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
}

export function validateConfig(raw: unknown, where: string): ProjectConfig {
  const result = ProjectConfigSchema.safeParse(raw ?? {});
  if (!result.success) throw new UsageError(describeIssue(result.error.issues[0]!, where));
  return result.data;
}

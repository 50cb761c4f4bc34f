import { z } from 'zod';

const ColumnSchema = z.object({
  name: z.string(),
  type: z.string().nullable(),
  length: z.number().nullable(),
  nullable: z.boolean(),
  primaryKey: z.boolean(),
  unique: z.boolean(),
  index: z.boolean(),
  foreignKey: z.object({ target: z.string(), ondelete: z.string().nullable() }).nullable(),
  serverDefault: z.string().nullable(),
  line: z.number(),
});

/** `stk-migrate context --format json`: other tools rely on `current`, `heads`, `migrations` and `tables`. */
export const ContextSchema = z.object({
  project: z.object({
    name: z.string(),
    root: z.string(),
    runner: z.string(),
    cli: z.string(),
    dialect: z.string().nullable(),
    database: z.string().nullable().describe('the URL with its password masked'),
    databaseSource: z.string().nullable(),
    appPackage: z.string().nullable(),
    layout: z.enum(['alembic.ini', 'flask-migrate', 'pyproject', 'folder']),
    alembicIni: z.string().nullable().describe('relative to the root'),
    section: z.string().describe('the alembic.ini section in use (--name)'),
    sections: z.array(z.string()).describe('every alembic.ini section that configures an environment'),
    scriptLocation: z.string(),
    versionDirs: z.array(z.string()),
    modelFiles: z.array(z.string()),
  }),
  current: z.string().nullable(),
  currentRevisions: z.array(z.string()).nullable().describe('null when the current revision could not be read'),
  currentSource: z.string(),
  currentReason: z.string().nullable(),
  heads: z.array(z.string()),
  pending: z.array(z.string()).nullable().describe('oldest first; null when the current revision is unknown'),
  migrations: z.array(
    z.object({
      revision: z.string(),
      downRevision: z.union([z.string(), z.array(z.string()), z.null()]),
      message: z.string(),
      file: z.string(),
    }),
  ),
  tables: z.array(z.object({ name: z.string(), className: z.string().nullable(), file: z.string(), line: z.number(), columns: z.array(ColumnSchema) })),
  problems: z.array(z.object({ kind: z.string(), file: z.string(), line: z.number(), message: z.string() })),
  modelChanges: z.object({ files: z.array(z.string()), reason: z.string() }).nullable(),
  shadowing: z.string().nullable().default(null).describe('one line when project skills in .claude/skills/ take the suite\'s skill names, with the fix'),
});
export type Context = z.infer<typeof ContextSchema>;

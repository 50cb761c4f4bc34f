import type { Context } from './build.js';

const LIMITS = { migrations: 10, pending: 10, tables: 80, problems: 10 };

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function more(count: number, limit: number, what: string): string[] {
  return count > limit ? [`- … and ${count - limit} more ${what} (all of them: \`stk-migrate context --format json\`)`] : [];
}

function alembicLine(project: Context['project']): string {
  const where = project.layout === 'flask-migrate' ? `Flask-Migrate's ${code(project.scriptLocation)}` : project.alembicIni ? code(project.alembicIni) : project.layout === 'pyproject' ? '`[tool.alembic]` of pyproject.toml' : code(project.scriptLocation);
  if (project.sections.length <= 1) return where;
  const others = project.sections.filter((section) => section !== project.section);
  return `${where}, environment ${code(project.section)} (also ${others.map(code).join(', ')}: pass \`--name <section>\` to every command for another)`;
}

/** The context when alembic.ini configures several environments and none was chosen: the list, and how to choose. */
export function renderEnvironmentsMarkdown(ini: string, sections: string[]): string {
  return [
    '### Alembic environments',
    `- ${code(ini)} configures ${sections.length} environments: ${sections.map(code).join(', ')}.`,
    `- Pick one: \`stk-migrate context --name <section>\` (and the same \`--name\` for validate, new, roundtrip and drift).`,
    '',
  ].join('\n');
}

/** Markdown for the skill's `!` line: short whatever the project's size (about 150 lines at most). */
export function renderContextMarkdown(context: Context): string {
  const byRevision = new Map(context.migrations.map((migration) => [migration.revision, migration]));
  const describe = (revision: string) => {
    const migration = byRevision.get(revision);
    return migration ? `${code(revision)} ${migration.message} (${migration.file})` : code(revision);
  };
  const { project } = context;
  const lines: string[] = [
    ...(context.shadowing ? [context.shadowing, ''] : []),
    `### Project ${code(project.name)}`,
    `- runner: ${code(project.runner)}; migration CLI: ${code(project.cli)}; app package: ${project.appPackage ? code(project.appPackage) : 'not found'}`,
    `- database: ${project.database ? `${project.dialect} ${code(project.database)} (from ${project.databaseSource})` : 'none configured (see current below)'}`,
    `- Alembic: ${alembicLine(project)}`,
    `- versions: ${project.versionDirs.map(code).join(', ')}`,
    '',
    '### Revisions',
  ];
  if (context.currentRevisions === null) lines.push(`- current: unknown (${context.currentReason ?? 'not read'})`);
  else if (context.currentRevisions.length === 0) lines.push(`- current: none (${context.currentReason ?? 'no migration applied'})`);
  else lines.push(`- current: ${context.currentRevisions.map(describe).join('; ')} (read from ${context.currentSource})`);
  if (context.heads.length === 0) lines.push('- head: none (no migrations yet)');
  else lines.push(`- head${context.heads.length > 1 ? 's' : ''}: ${context.heads.map(describe).join('; ')}`);
  if (context.heads.length > 1) lines.push(`- ⚠ ${context.heads.length} heads: merge them (\`${project.cli} merge\` or \`alembic merge heads\`) before adding a migration`);
  if (context.pending !== null) {
    if (context.pending.length === 0) lines.push('- pending: none, the database is at head');
    else {
      lines.push(`- pending (${context.pending.length}, oldest first):`);
      lines.push(...context.pending.slice(0, LIMITS.pending).map((revision) => `  - ${describe(revision)}`));
      if (context.pending.length > LIMITS.pending) lines.push(`  - … and ${context.pending.length - LIMITS.pending} more`);
    }
  }
  lines.push('', `### Recent migrations (newest first, ${context.migrations.length} in all)`, '| revision | parent | message | file |', '| --- | --- | --- | --- |');
  for (const migration of context.migrations.slice(0, LIMITS.migrations)) {
    const parent = migration.downRevision === null ? 'base' : [migration.downRevision].flat().join(', ');
    lines.push(`| ${code(migration.revision)} | ${cell(parent)} | ${cell(migration.message)} | ${cell(migration.file)} |`);
  }
  lines.push(...more(context.migrations.length, LIMITS.migrations, 'migrations'));
  lines.push('', `### Tables in the models (${context.tables.length})`, '| table | class | declared at |', '| --- | --- | --- |');
  for (const table of context.tables.slice(0, LIMITS.tables)) {
    lines.push(`| ${code(table.name)} | ${table.className ?? '`Table(...)`'} | ${cell(`${table.file}:${table.line}`)} |`);
  }
  lines.push(...more(context.tables.length, LIMITS.tables, 'tables'));
  const notes: string[] = [];
  if (context.modelChanges && context.modelChanges.files.length > 0) {
    notes.push(`- ⚠ models changed after the newest migration (${context.modelChanges.reason}): ${context.modelChanges.files.slice(0, 5).map(code).join(', ')}${context.modelChanges.files.length > 5 ? ', …' : ''}; a new migration is probably needed`);
  }
  for (const problem of context.problems.slice(0, LIMITS.problems)) notes.push(`- ✗ ${problem.file}:${problem.line}: ${problem.message}`);
  notes.push(...more(context.problems.length, LIMITS.problems, 'problems'));
  if (notes.length > 0) lines.push('', '### Attention', ...notes);
  return `${lines.join('\n')}\n`;
}

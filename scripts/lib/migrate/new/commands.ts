import { join } from 'node:path';
import { relativePath } from '../../discover/files.js';
import type { Project } from '../../discover/types.js';
import { mergeWords } from '../graph.js';

/** The `-c` and `-n` Alembic needs in this project, as the user types them (nothing for the defaults). */
function alembicFlags(project: Project): string {
  const ini = project.alembicIni && project.alembicIni !== join(project.root, 'alembic.ini') ? ` -c ${relativePath(project.root, project.alembicIni)}` : '';
  const section = project.alembicSection !== 'alembic' ? ` -n ${project.alembicSection}` : '';
  return `${ini}${section}`;
}

/** The project's own migration command with these words, as the user types it (`uv run quart db upgrade`). */
export function userCommand(project: Project, words: string): string {
  const flags = project.cli.kind === 'alembic' ? alembicFlags(project) : '';
  return `${project.runner.kind === 'uv' ? 'uv run ' : ''}${project.cli.label}${flags} ${words}`;
}

/** Alembic's merge of these heads, as the user types it (Alembic's own, which every layout has). */
export function mergeCommand(project: Project, heads: string[]): string {
  return `${project.runner.kind === 'uv' ? 'uv run ' : ''}alembic${alembicFlags(project)} ${mergeWords(heads)}`;
}

import { sep } from 'node:path';
import { UsageError } from '../cli/command.js';
import { globFiles } from '../discover/files.js';
import type { Project } from '../discover/types.js';

export type AppFileKind = 'python' | 'template';

/** The folder of the app's Jinja templates, relative to the root. */
export function templatesDir(pkg: string): string {
  return `${pkg}/templates`;
}

/** What `lint` reads a file as, by its name: Python modules and HTML templates. */
export function appFileKind(file: string): AppFileKind | undefined {
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.html') || file.endsWith('.jinja') || file.endsWith('.j2')) return 'template';
  return undefined;
}

export function requireAppPackage(project: Project): string {
  if (!project.appPackage) throw new UsageError(`no application package found under ${project.root}: set "package" in the stk-migrate config ([tool.stk-migrate] in pyproject.toml)`);
  return project.appPackage;
}

/**
 * Whether stk's conventions apply to the project: not a Flask app (found by its `flask db` group), where
 * stk's rules (Quart not Flask, no `db.Model`) would only be noise. The hook lints only such projects;
 * `lint` still runs anywhere when asked.
 */
export function followsStkConventions(project: Project): boolean {
  return project.cli.kind !== 'flask';
}

/** Whether a project-relative file is one of the app's: Python of the app package (migrations aside) or a template under its templates folder. */
export function isAppFile(project: Project, file: string, absolute: string): boolean {
  const pkg = project.appPackage;
  if (!pkg || project.versionDirs.some((dir) => absolute.startsWith(dir + sep))) return false;
  const kind = appFileKind(file);
  if (kind === 'python') return file.startsWith(`${pkg}/`);
  return kind === 'template' && file.startsWith(`${templatesDir(pkg)}/`);
}

/** Every app file: the package's Python modules and its templates, sorted. */
export function appFiles(project: Project): string[] {
  const pkg = requireAppPackage(project);
  const versionDirs = project.versionDirs.map((dir) => dir.slice(project.root.length + 1).split(sep).join('/') + '/');
  return globFiles(project.root, [`${pkg}/**/*.py`, `${templatesDir(pkg)}/**/*.html`]).filter((file) => !versionDirs.some((dir) => file.startsWith(dir)));
}

import { discoverProject } from '../../scripts/lib/discover/project.js';
import type { Project } from '../../scripts/lib/discover/types.js';

/** A PATH with nothing on it: no `uv`, no python. */
export const emptyPath = '/nonexistent/stk-migrate-test-path';

/**
 * discoverProject with an environment of its own: nothing from the developer's shell
 * (SQLALCHEMY_DATABASE_URI, a `uv` on PATH) leaks into what is tested.
 */
export function discoverIn(project: string, options: { env?: NodeJS.ProcessEnv; databaseUrl?: string; name?: string } = {}): Promise<Project> {
  return discoverProject({ project, databaseUrl: options.databaseUrl, name: options.name, env: { PATH: emptyPath, ...options.env } });
}

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../helpers/temp.js';
import { treeDirs, treeHashes } from '../helpers/tree.js';

/** The whole tree: every file's hash and every folder. */
export function treeState(root: string): { files: Record<string, string>; dirs: string[] } {
  return { files: treeHashes(root), dirs: treeDirs(root) };
}

/**
 * Lays the fixture scaffolder (test/fixtures/blueprint/stk-scaffolder) over a copy of the example: `quart new <name>`
 * through the app's command line, and with `stk`, newer stk's `stk new <name> [--migrate/--no-migrate]` entry point.
 */
export function layScaffolder(root: string, cli: 'quart' | 'stk'): void {
  cpSync(join(fixturesDir, 'blueprint', 'stk-scaffolder', 'stkapp'), join(root, 'stkapp'), { recursive: true });
  const app = join(root, 'stkapp', 'app.py');
  const source = readFileSync(app, 'utf8')
    .replace('from stkapp.public.views import bp as public_bp\n', 'from stkapp.public.views import bp as public_bp\nfrom stkapp.scaffold.cli import new_module\n')
    .replace('    app.cli.add_command(db_cli)\n', '    app.cli.add_command(db_cli)\n    app.cli.add_command(new_module)\n');
  writeFileSync(app, source);
  if (cli === 'stk') writeFileSync(join(root, 'pyproject.toml'), `${readFileSync(join(root, 'pyproject.toml'), 'utf8')}\n[project.scripts]\nstk = "stkapp.scaffold.main:main"\n`);
}

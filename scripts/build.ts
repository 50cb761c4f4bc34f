import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isEntry } from './lib/cli/command.js';
import { pluginSkill } from './lib/skill/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Every file the build writes, relative to the repository root, with its content. */
export async function buildOutputs(): Promise<Map<string, Uint8Array | string>> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'scripts/cli.ts', hook: 'scripts/hook.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    external: ['pg-native'],
    // CommonJS dependencies (pg) call require() for Node's built-ins, which ESM output lacks.
    banner: { js: "import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);" },
    logLevel: 'warning',
    write: false,
  });
  const outputs = new Map<string, Uint8Array | string>();
  for (const file of result.outputFiles) outputs.set(relative(root, file.path).split('\\').join('/'), file.contents);
  for (const [pkg, file] of [
    ['web-tree-sitter', 'tree-sitter.wasm'],
    ['tree-sitter-python', 'tree-sitter-python.wasm'],
  ] as const) {
    outputs.set(`dist/${file}`, readFileSync(require.resolve(`${pkg}/${file}`)));
  }
  // The Python helper runs in the user's project; the bundles find it in dist/python/ beside them.
  outputs.set('dist/python/stk_migrate_helper.py', readFileSync(join(root, 'scripts/python/stk_migrate_helper.py')));
  outputs.set('skills/stk-migrate/SKILL.md', pluginSkill(readFileSync(join(root, 'SKILL.md'), 'utf8')));
  return outputs;
}

if (isEntry('build')) {
  const outputs = await buildOutputs();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  for (const [file, contents] of outputs) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), contents);
  }
  // The package's bin runs directly.
  chmodSync(join(root, 'dist', 'cli.mjs'), 0o755);
  console.log(`built ${outputs.size} files: dist/ and skills/stk-migrate/SKILL.md`);
}

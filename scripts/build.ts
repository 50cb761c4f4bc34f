import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pluginSkill } from './lib/skill/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'scripts/cli.ts' },
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
});

for (const [pkg, file] of [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
] as const) {
  copyFileSync(require.resolve(`${pkg}/${file}`), join(dist, file));
}

const skill = readFileSync(join(root, 'SKILL.md'), 'utf8');
writeFileSync(join(root, 'skills/stk-migrate/SKILL.md'), pluginSkill(skill));
console.log('built dist/ and skills/stk-migrate/SKILL.md');

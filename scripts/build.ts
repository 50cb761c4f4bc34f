import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { isEntry } from './lib/cli/command.js';
import { renderRuleDocs, type CatalogueDocs } from './lib/rules/docs.js';
import { catalogues } from './lib/suite/catalogues.js';
import { pluginSkill } from './lib/suite/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** A hash of everything the bundles are made from: the TypeScript and Python under scripts/ and the lock file (lib/cache/build-id.ts). */
function sourcesHash(): string {
  const hash = createHash('sha1');
  const files = readdirSync(join(root, 'scripts'), { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => /\.(ts|py)$/.test(file) && !file.includes('__pycache__') && statSync(join(root, 'scripts', file)).isFile())
    .sort();
  for (const file of [...files.map((file) => `scripts/${file}`), 'package-lock.json']) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The programs the launchers load when no kept run answers: their sources, and their bundles beside the launchers. */
const programs: Record<string, { source: string; bundle: string }> = {
  './lib/cli/commands.js': { source: 'scripts/lib/cli/commands.ts', bundle: './cli-main.mjs' },
  './lib/hook/main.js': { source: 'scripts/lib/hook/main.ts', bundle: './hook-main.mjs' },
};

/** In the launchers, `import()` of a program loads its bundle (the program is not bundled into them). */
const programsApart: Plugin = {
  name: 'programs-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/lib\/(cli\/commands|hook\/main)\.js$/ }, (args) => ({ path: programs[args.path]!.bundle, external: true }));
  },
};

/** Every file the build writes, relative to the repository root, with its content. */
export async function buildOutputs(): Promise<Map<string, Uint8Array | string>> {
  const buildId = JSON.stringify(sourcesHash());
  const shared = {
    absWorkingDir: root,
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  } as const;
  // The programs: ES modules split into chunks, so that each command loads only what it uses.
  const program = await build({
    ...shared,
    entryPoints: { 'cli-main': programs['./lib/cli/commands.js']!.source, 'hook-main': programs['./lib/hook/main.js']!.source },
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    splitting: true,
    format: 'esm',
    external: ['pg-native'],
    // jsonc-parser's main entry is a UMD wrapper whose require() calls esbuild cannot follow; its ES module build bundles.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // CommonJS dependencies (pg) call require() for Node's built-ins, which ESM output lacks.
    banner: { js: "import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);" },
    define: { __STK_BUILD__: buildId },
  });
  // The launchers users run (dist/cli.cjs, dist/hook.cjs): one small CommonJS file each, which Node starts
  // without its ES module loader; a kept run answers from there, anything else imports the program.
  const launchers = await build({
    ...shared,
    entryPoints: { cli: 'scripts/cli.ts', hook: 'scripts/hook.ts' },
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [programsApart],
    banner: { js: "const __stkUrl=require('node:url').pathToFileURL(__filename).href;" },
    define: { __STK_BUILD__: buildId, 'import.meta.url': '__stkUrl' },
  });
  const outputs = new Map<string, Uint8Array | string>();
  for (const file of [...(program.outputFiles ?? []), ...(launchers.outputFiles ?? [])]) outputs.set(relative(root, file.path).split('\\').join('/'), file.contents);
  for (const [pkg, file] of [
    ['web-tree-sitter', 'tree-sitter.wasm'],
    ['tree-sitter-python', 'tree-sitter-python.wasm'],
    ['tree-sitter-javascript', 'tree-sitter-javascript.wasm'],
  ] as const) {
    outputs.set(`dist/${file}`, readFileSync(require.resolve(`${pkg}/${file}`)));
  }
  // The Python helpers run in the user's project; the bundles find them in dist/python/ beside them.
  for (const helper of ['stk_migrate_helper.py', 'stk_app_helper.py']) outputs.set(`dist/python/${helper}`, readFileSync(join(root, 'scripts/python', helper)));
  outputs.set('skills/stk-migrate/SKILL.md', pluginSkill(readFileSync(join(root, 'SKILL.md'), 'utf8')));
  const docs: CatalogueDocs[] = await Promise.all(catalogues.map(async (catalogue) => ({ title: catalogue.title, rules: await catalogue.load() })));
  outputs.set('docs/rules.md', `# The rules of the stk skills\n\n<!-- Generated from the rule catalogues (scripts/lib/*/rules/catalogue/) by npm run build. -->\n\n${renderRuleDocs(docs)}`);
  outputs.set('README.md', readmeWithRules(readFileSync(join(root, 'README.md'), 'utf8'), docs));
  return outputs;
}

const RULES_START = '<!-- rules:start (generated by npm run build) -->';
const RULES_END = '<!-- rules:end -->';

/** The README's rule tables (one per catalogue), regenerated between its markers from the rule files. */
function readmeWithRules(readme: string, docs: CatalogueDocs[]): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${RULES_START} and ${RULES_END}`);
  const table = docs
    .map(({ title, rules }) =>
      [
        `**${title}**`,
        '',
        '| rule | default | what it checks |',
        '| --- | --- | --- |',
        ...rules.map((rule) => `| [\`${rule.id}\`](docs/rules.md#${rule.id}) | ${rule.defaultSeverity} | ${rule.docs.what.replaceAll('|', '\\|').replaceAll('\n', ' ')} |`),
      ].join('\n'),
    )
    .join('\n\n');
  return `${readme.slice(0, start + RULES_START.length)}\n${table}\n${readme.slice(end)}`;
}

if (isEntry('build')) {
  const outputs = await buildOutputs();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  for (const [file, contents] of outputs) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), contents);
  }
  // The package's bin runs directly.
  chmodSync(join(root, 'dist', 'cli.cjs'), 0o755);
  console.log(`built ${outputs.size} files: dist/, skills/stk-migrate/SKILL.md, docs/rules.md and the README's rule table`);
}

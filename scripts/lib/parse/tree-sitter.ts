import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Parser } from 'web-tree-sitter';
import type { SyntaxProblem } from './source.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Bundles carry their .wasm files beside them; in development they come from node_modules. */
function wasmFile(name: string, pkg: string): string {
  const bundled = join(here, name);
  if (existsSync(bundled)) return bundled;
  return require.resolve(`${pkg}/${name}`);
}

/** web-tree-sitter's JavaScript side, loaded with the first parser (a run that parses nothing never compiles it). */
type TreeSitter = typeof import('web-tree-sitter');

let runtime: Promise<TreeSitter> | undefined;

/**
 * The tree-sitter runtime, initialised once per process whatever the number of languages.
 *
 * WebAssembly stays on V8's baseline compiler: after a parse, V8 tiers the hot functions (the grammars'
 * huge lexers) up to TurboFan in the background, and the process cannot exit until that compile ends.
 * Measured on one ~100-line file: the process took 2 to 3 times as long for it; at 3,000 parses in one
 * process the baseline code is about 12% slower, which no command of ours comes near.
 */
function initRuntime(): Promise<TreeSitter> {
  runtime ??= (async () => {
    const [{ setFlagsFromString }, treeSitter] = await Promise.all([import('node:v8'), import('web-tree-sitter')]);
    setFlagsFromString('--liftoff-only');
    const file = wasmFile('tree-sitter.wasm', 'web-tree-sitter');
    await treeSitter.Parser.init({ locateFile: () => file });
    return treeSitter;
  })();
  return runtime;
}

/** A parser for the grammar `<pkg>/<wasm>` (the .wasm the grammar's npm package ships, copied into dist/ by the build). */
export async function grammarParser(wasm: string, pkg: string): Promise<Parser> {
  const { Language, Parser } = await initRuntime();
  const language = await Language.load(wasmFile(wasm, pkg));
  return new Parser().setLanguage(language);
}

/**
 * The first ERROR or MISSING node, 1-based, or undefined for a clean tree: what any grammar's own parse
 * refuses (`language` names it in the message). Python files get more: `firstSyntaxProblem` in python.ts
 * reads them as CPython does.
 */
export function firstTreeError(root: Node, language: string): SyntaxProblem | undefined {
  if (!root.hasError) return undefined;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isMissing || node.type === 'ERROR') {
        const what = node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.split('\n')[0]?.slice(0, 40) ?? '')}`;
        return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, message: `invalid ${language} syntax: ${what}`, kind: 'syntax' };
      }
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { line: 1, column: 1, message: `invalid ${language} syntax`, kind: 'syntax' };
      }
    }
  } finally {
    cursor.delete();
  }
}

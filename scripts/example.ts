import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The main job on the bundled example: every command, run on a throwaway copy so the example stays clean. */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(repo, 'examples', 'stk-app');
const parent = mkdtempSync(join(tmpdir(), 'stk-migrate-example-'));
const project = join(parent, 'stk-app');
const cleanup = () => rmSync(parent, { recursive: true, force: true });
process.once('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const steps: [title: string, args: string[]][] = [
  ['context', ['context']],
  ['validate', ['validate', '--all']],
  ['roundtrip', ['roundtrip', '--all']],
  ['drift', ['drift']],
];

let failed = 0;
try {
  cpSync(source, project, { recursive: true, filter: (path) => !/[\\/](instance|__pycache__)([\\/]|$)/.test(path.slice(source.length)) });
  for (const [title, args] of steps) {
    process.stdout.write(`\n$ stk-migrate ${args.join(' ')}\n`);
    const result = await execa('node', [join(repo, 'dist', 'cli.cjs'), ...args], { cwd: project, reject: false, stdout: 'inherit', stderr: 'inherit' });
    if (result.exitCode !== 0) {
      failed += 1;
      process.stdout.write(`(${title} exited with ${result.exitCode})\n`);
    }
  }
} finally {
  cleanup();
}
process.exitCode = failed > 0 ? 1 : 0;

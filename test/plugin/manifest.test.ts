import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCli, installPlugin, readJson, REPO_ROOT, withProjectCopy, withTempDir } from '../e2e/claude.js';
import { startFakeModel, type FakeModel } from '../e2e/fake-model.js';

const TIMEOUT = { timeout: 180_000 };

// Plugin commands never call the model, but claude still reads ANTHROPIC_BASE_URL; a local
// server keeps them off the network.
let model: FakeModel;
beforeAll(async () => {
  model = await startFakeModel([]);
});
afterAll(async () => {
  await model?.close();
});

describe('claude plugin validate --strict', () => {
  it('passes the marketplace manifest (and the plugin entry it points to)', TIMEOUT, async () => {
    await withTempDir('home', async (home) => {
      const run = await claudeCli(['plugin', 'validate', '.', '--strict'], { cwd: REPO_ROOT, home, modelUrl: model.url });
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`Validating marketplace manifest: ${path.join(REPO_ROOT, '.claude-plugin', 'marketplace.json')}`);
      expect(run.stdout).toContain('✔ Validation passed');
    });
  });

  // Validating `.` checks only marketplace.json; skills and hooks are checked only when
  // plugin.json itself is validated.
  it('passes the plugin manifest, with its skills and hooks', TIMEOUT, async () => {
    await withTempDir('home', async (home) => {
      const manifest = path.join('.claude-plugin', 'plugin.json');
      const run = await claudeCli(['plugin', 'validate', manifest, '--strict'], { cwd: REPO_ROOT, home, modelUrl: model.url });
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`Validating plugin manifest: ${path.join(REPO_ROOT, manifest)}`);
      expect(run.stdout).toContain('✔ Validation passed');
    });
  });
});

// The install copies the marketplace folder, node_modules included (600 MB in a dev
// checkout), so install from a copy without it, like a fresh clone.
describe('claude plugin install from this repository as a marketplace', () => {
  it('installs and enables stk-skills at the manifest version', TIMEOUT, async () => {
    const plugin = await readJson<{ name: string; version: string }>(path.join(REPO_ROOT, '.claude-plugin', 'plugin.json'));
    expect(plugin.name).toBe('stk-skills');
    await withProjectCopy(REPO_ROOT, (marketplace) =>
      withTempDir('home', async (home) => {
        const installed = await installPlugin(marketplace, { home, modelUrl: model.url });
        expect(installed).toMatchObject({ id: 'stk-skills@stk-skills', version: plugin.version, enabled: true });
        await access(path.join(installed.installPath, '.claude-plugin', 'plugin.json'));
      }),
    );
  });

  it('shows the stk-migrate skill in the installed plugin details', TIMEOUT, async () => {
    await withProjectCopy(REPO_ROOT, (marketplace) =>
      withTempDir('home', async (home) => {
        await installPlugin(marketplace, { home, modelUrl: model.url });
        const details = await claudeCli(['plugin', 'details', 'stk-skills@stk-skills'], { cwd: home, home, modelUrl: model.url });
        expect(details.exitCode, details.stdout + details.stderr).toBe(0);
        expect(details.stdout).toMatch(/^ {2}Skills \(1\) +stk-migrate$/m);
      }),
    );
  });
});

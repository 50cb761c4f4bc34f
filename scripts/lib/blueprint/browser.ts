import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { findOnPath } from '../discover/runner.js';

/** The variables that name a browser, first wins; then the usual executables on PATH. */
const VARIABLES = ['STK_CHROMIUM', 'CHROMIUM_PATH', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'];
const EXECUTABLES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export type BrowserLookup = { executable: string; source: string } | { executable: undefined; reason: string };

/** Debian's chromium (or another Chromium-based browser) to drive: a variable naming it, else PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  for (const name of VARIABLES) {
    const value = env[name];
    if (value) return { executable: value, source: name };
  }
  for (const name of EXECUTABLES) {
    const [found] = findOnPath(name, env.PATH ?? '');
    if (found) return { executable: found, source: 'PATH' };
  }
  return {
    executable: undefined,
    reason: `no Chromium found (looked for ${EXECUTABLES.join(', ')} on PATH and ${VARIABLES.join(', ')}); install Debian's chromium (apt-get install chromium) or set STK_CHROMIUM to a Chrome or Chromium executable`,
  };
}

/** Flags that let headless Chromium run as root in a container, offline, without first-run work. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/**
 * Runs `work` with headless Chromium on a fresh profile, both removed afterwards. The browser talks over a pipe, so
 * it ends with this process whatever stops it (Ctrl-C included), and the profile folder goes at exit too.
 */
export async function withBrowser<T>(executable: string, work: (browser: Browser) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'stk-migrate-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  process.on('exit', removeProfile);
  const { default: puppeteer } = await import('puppeteer-core');
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      executablePath: executable,
      headless: true,
      pipe: true,
      userDataDir: profile,
      args: FLAGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60_000,
    });
    return await work(browser);
  } finally {
    await browser?.close().catch(() => undefined);
    removeProfile();
    process.off('exit', removeProfile);
  }
}

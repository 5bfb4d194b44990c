import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { step } from './steps';

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot be
 * fetched here). CHROMIUM_PATH overrides the location for other machines.
 */
const CANDIDATES = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags for a headless, offline, root-run browser: no sandbox (root), no GPU, no phoning home. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

export async function launchBrowser(): Promise<Browser> {
  return step('launching Chromium', async () => {
    const executablePath = CANDIDATES.find((path) => existsSync(path));
    if (!executablePath) throw new Error(`no Chromium found (looked at ${CANDIDATES.join(', ')}); run scripts/ci/install-system-deps.sh or set CHROMIUM_PATH`);
    return chromium.launch({ executablePath, args: ARGS, headless: true, timeout: 60_000 });
  });
}

/** A page sized like a laptop screen, so screenshots show the workbench as a person sees it. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

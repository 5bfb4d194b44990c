import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runToEnd } from './processes';
import { firstLine, repoRoot, step } from './steps';

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot be
 * fetched here). CHROMIUM_PATH overrides the location for other machines; without it, a Debian
 * machine that has no Chromium gets it from scripts/ci/install-system-deps.sh.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags for a headless, offline, root-run browser: no sandbox (root), no GPU, no phoning home. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findChromium(): Promise<string> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    if (!executable(override)) throw new Error(`CHROMIUM_PATH=${override} is not executable`);
    return override;
  }
  const found = CANDIDATES.find(executable);
  if (found) return found;
  // The script installs Debian's package (with sudo when not root) or says why it cannot.
  const installer = join(repoRoot(), 'scripts', 'ci', 'install-system-deps.sh');
  console.error(`e2e: no Chromium at ${CANDIDATES.join(', ')}; running scripts/ci/install-system-deps.sh chromium`);
  try {
    await runToEnd(installer, ['chromium'], { timeoutMs: 15 * 60_000, label: 'scripts/ci/install-system-deps.sh chromium', echo: (line) => console.error(line) });
  } catch (error) {
    throw new Error(`no Chromium found and ${firstLine(error instanceof Error ? error.message : String(error))}; install Chromium and set CHROMIUM_PATH if it lives elsewhere`);
  }
  const installed = CANDIDATES.find(executable);
  if (!installed) throw new Error(`scripts/ci/install-system-deps.sh chromium finished but there is still no Chromium at ${CANDIDATES.join(', ')}; set CHROMIUM_PATH`);
  return installed;
}

export async function launchBrowser(): Promise<Browser> {
  return step('launching Chromium', async () => {
    const executablePath = await findChromium();
    try {
      return await chromium.launch({ executablePath, args: ARGS, headless: true, timeout: 60_000 });
    } catch (error) {
      throw new Error(`${executablePath} did not start as a headless Chromium: ${launchFailure(error instanceof Error ? error.message : String(error))}`);
    }
  });
}

/**
 * Playwright's launch error is its first line plus the browser's logs and a call log; keep the
 * first line, the exit status and the last thing the process wrote to stderr.
 */
function launchFailure(message: string): string {
  const plain = message.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');
  const exit = /process did exit: exitCode=(\w+), signal=(\w+)/.exec(plain);
  const stderr = [...plain.matchAll(/^\[pid=\d+\]\[err\] (.+)$/gm)].map((match) => match[1]?.trim()).filter((line) => line);
  const parts = [firstLine(plain).replace(/^browserType\.launch: /, '')];
  if (exit) parts.push(exit[2] !== 'null' ? `killed by ${exit[2]}` : `exit code ${exit[1]}`);
  if (stderr.length > 0) parts.push(`it said: ${stderr[stderr.length - 1]}`);
  return parts.join('; ');
}

/** A page sized like a laptop screen, so screenshots show the workbench as a person sees it. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

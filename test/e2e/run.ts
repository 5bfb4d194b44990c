import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runNodeTests } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage } from './harness/browser';
import { ensureCodeServer, installVsix, makeProfile, startCodeServer, type RunningCodeServer } from './harness/codeServer';
import { runExthostSuite } from './harness/exthost';
import { repoRoot, step, StepError } from './harness/steps';
import { openWorkbench } from './harness/workbench';
import { activation } from './scenarios/activation';
import { diagnostics } from './scenarios/diagnostics';
import { downloadOffline } from './scenarios/downloadOffline';
import { llamaNotLoaded } from './scenarios/llamaNotLoaded';
import { localModelRun } from './scenarios/localModelRun';
import { loopbackEndpoint } from './scenarios/loopbackEndpoint';
import { renderPreview } from './scenarios/renderPreview';
import type { Scenario } from './scenarios/types';

/**
 * The end-to-end run: first the harness's own fault tests (test/e2e/faults: taken ports, no
 * Chromium, a corrupt VSIX, a code-server that cannot start, each ending in one line and no
 * leftover process), then the packaged VSIX installed into a fresh code-server, driven through
 * Chromium, then the extension-host suite in a second code-server.
 *   node out/test/e2e/run.js [--ui-only | --exthost-only] [--no-faults | --faults-only]
 * Prints one line per test and closes with `e2e: N passed, N failed`; exits 1 on any failure.
 * A setup step that fails stops the run with one message naming it; the failed step's full
 * output goes to test-results/e2e/failed-step-output.txt. XLAM_E2E_RESULTS moves test-results/e2e
 * (the fault tests run the runner itself that way), XLAM_VSIX picks another VSIX.
 */
const SCENARIOS: Scenario[] = [activation, renderPreview, llamaNotLoaded, localModelRun, loopbackEndpoint, downloadOffline, diagnostics];
const TARGET = process.env.XLAM_VSIX_TARGET ?? 'linux-x64';

const root = repoRoot();
const resultsDir = process.env.XLAM_E2E_RESULTS ?? join(root, 'test-results', 'e2e');
let passed = 0;
let failed = 0;
const measurements: string[] = [];

function report(ok: boolean, name: string, detail = ''): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✔' : '✖'} ${name}${detail ? `\n    ${detail.split('\n').join('\n    ')}` : ''}`);
}

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function runScenarios(entry: string, browser: Browser, workDir: string): Promise<void> {
  const vsix = process.env.XLAM_VSIX ?? join(root, 'dist-vsix', `xlam-tool-lab-${TARGET}.vsix`);
  await step('finding the VSIX', () => {
    if (!existsSync(vsix)) throw new Error(`${vsix} does not exist; run "npm run package" first`);
  });
  const profile = makeProfile(join(workDir, 'ui-profile'));
  await installVsix(entry, profile, vsix);
  let server: RunningCodeServer | undefined;
  let page: Page | undefined;
  try {
    server = await startCodeServer(entry, profile);
    page = await newPage(browser);
    const workbench = page;
    await step('opening the workbench on examples/', () => openWorkbench(workbench, `${server?.url}/?folder=${encodeURIComponent(join(root, 'examples'))}`, 'weather.tools.json'));
    for (const scenario of SCENARIOS) {
      const started = Date.now();
      try {
        await scenario.run({
          page: workbench,
          screenshot: async (name) => {
            const path = join(resultsDir, `${name}.png`);
            await workbench.screenshot({ path });
            return path;
          },
          measure: (name, value) => measurements.push(`${name}: ${value}`),
        });
        report(true, `${scenario.name} (${Date.now() - started} ms)`);
      } catch (error) {
        await workbench.screenshot({ path: join(resultsDir, `${slug(scenario.name)}-FAILED.png`) }).catch(() => undefined);
        report(false, scenario.name, error instanceof Error ? error.message : String(error));
        // Leave the workbench as the next scenario expects it: no open quick input.
        await workbench.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } finally {
    await page?.context().close().catch(() => undefined);
    await server?.stop();
  }
}

/** The fields of node:test's reporter events the runner reads. */
type TestEvent =
  | { type: 'test:pass'; data: { name: string; nesting: number; skip?: unknown; todo?: unknown } }
  | { type: 'test:fail'; data: { name: string; nesting: number; details: { error: unknown } } }
  | { type: string; data: unknown };

/**
 * The fault tests are node:test files (also runnable alone: node --test out/test/e2e/faults/),
 * each file in a process of its own, so whatever a fault leaves behind is seen in that process.
 */
async function runFaultTests(): Promise<void> {
  const dir = join(root, 'out', 'test', 'e2e', 'faults');
  if (!existsSync(dir)) throw new StepError('finding the compiled fault tests', `${dir} is missing; run "npx tsc -p tsconfig.e2e.json"`);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(dir, name));
  for await (const event of runNodeTests({ files, concurrency: 1 }) as AsyncIterable<TestEvent>) {
    if (event.type === 'test:pass') {
      const { name, nesting, skip, todo } = (event as Extract<TestEvent, { type: 'test:pass' }>).data;
      if (nesting === 0 && skip === undefined && todo === undefined) report(true, `harness: ${name}`);
    } else if (event.type === 'test:fail') {
      const { name, nesting, details } = (event as Extract<TestEvent, { type: 'test:fail' }>).data;
      if (nesting !== 0) continue;
      // node:test wraps the test's own error as the cause of its "test failed" error.
      const error = details.error instanceof Error && details.error.cause instanceof Error ? details.error.cause : details.error;
      report(false, `harness: ${name}`, error instanceof Error ? error.message : String(error));
    }
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const only = process.argv.find((arg) => arg === '--ui-only' || arg === '--exthost-only');
  const faults = process.argv.includes('--no-faults') ? 'skip' : process.argv.includes('--faults-only') ? 'only' : 'first';
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'xlam-e2e-'));
  let browser: Browser | undefined;
  try {
    if (faults !== 'skip') {
      const faultsStarted = Date.now();
      await runFaultTests();
      measurements.push(`harness fault tests: ${((Date.now() - faultsStarted) / 1000).toFixed(1)} s`);
    }
    if (faults === 'only') return finish(started);
    const codeServer = await ensureCodeServer();
    // Also on Ctrl+C: this runs after the process-group kill hook that spawnGroup installed.
    process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
    const entry = codeServer.entry;
    measurements.push(`code-server setup: ${codeServer.seconds.toFixed(1)} s (${codeServer.installed ? 'installed now' : 'reused the cached install'})`);
    browser = await launchBrowser();
    if (only !== '--exthost-only') await runScenarios(entry, browser, workDir);
    if (only !== '--ui-only') {
      if (!existsSync(join(root, 'out', 'test', 'exthost', 'index.js'))) throw new StepError('finding the compiled extension-host suite', 'out/test/exthost/index.js is missing; run "npx tsc -p tsconfig.e2e.json"');
      const results = await runExthostSuite(entry, browser, workDir, join(resultsDir, 'exthost-suite.png'));
      for (const title of results.passed) report(true, `exthost: ${title}`);
      for (const failure of results.failed) report(false, `exthost: ${failure.title}`, failure.error);
    }
  } catch (error) {
    // One message naming the failed step; scenario failures were already reported above.
    failed++;
    console.error(`✖ e2e: ${error instanceof Error ? error.message : String(error)}`);
    const detail = error instanceof StepError ? error.detail : error instanceof Error ? error.stack : undefined;
    if (detail) {
      const path = join(resultsDir, 'failed-step-output.txt');
      writeFileSync(path, `${detail}\n`);
      console.error(`  full output: ${path}`);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
  return finish(started);
}

function finish(started: number): number {
  measurements.push(`e2e wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeFileSync(join(resultsDir, 'measurements.txt'), `${measurements.join('\n')}\n`);
  for (const line of measurements) console.log(`  ${line}`);
  console.log(`screenshots: ${resultsDir}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runNodeTests } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage } from './harness/browser';
import { ensureCodeServer, installVsix, makeProfile, startCodeServer, type RunningCodeServer } from './harness/codeServer';
import { runExthostSuite } from './harness/exthost';
import { repoRoot, step, StepError } from './harness/steps';
import { runScenario, type TestRecord } from './harness/scenarioRunner';
import { openWorkbench } from './harness/workbench';
import { activation } from './scenarios/activation';
import { deepInput } from './scenarios/deepInput';
import { diagnostics } from './scenarios/diagnostics';
import { downloadOffline } from './scenarios/downloadOffline';
import { failureEvidence } from './scenarios/failureEvidence';
import { llamaNotLoaded } from './scenarios/llamaNotLoaded';
import { localModelRun } from './scenarios/localModelRun';
import { playgroundEdit, playgroundOpen, playgroundReload, playgroundXss } from './scenarios/playground';
import { playgroundThemes } from './scenarios/playgroundThemes';
import { playgroundMetrics } from './scenarios/playgroundMetrics';
import { playgroundCompletion, playgroundRun } from './scenarios/playgroundRun';
import { playgroundBigFile } from './scenarios/playgroundBigFile';
import { playgroundCancel } from './scenarios/playgroundCancel';
import { playgroundExport } from './scenarios/playgroundExport';
import { playgroundCompare } from './scenarios/playgroundCompare';
import { playgroundCompareEngines } from './scenarios/playgroundCompareEngines';
import { playgroundSuiteCase } from './scenarios/playgroundSuiteCase';
import { loopbackEndpoint } from './scenarios/loopbackEndpoint';
import { renderPreview } from './scenarios/renderPreview';
import { suiteTestExplorer } from './scenarios/suiteTestExplorer';
import type { Scenario } from './scenarios/types';

/**
 * The end-to-end run: first the harness's own fault tests (test/e2e/faults: taken ports, no
 * Chromium, a corrupt VSIX, a code-server that cannot start, each ending in one line and no
 * leftover process), then the packaged VSIX installed into a fresh code-server, driven through
 * Chromium, then the extension-host suite in a second code-server.
 *   node out/test/e2e/run.js [--ui-only | --exthost-only] [--no-faults | --faults-only] [--scenario TEXT]
 * Prints one line per test and closes with `e2e: N passed, N failed`; exits 1 on any failure.
 * A setup step that fails stops the run with one message naming it; the failed step's full
 * output goes to test-results/e2e/failed-step-output.txt. XLAM_E2E_RESULTS moves test-results/e2e
 * (the fault tests run the runner itself that way), XLAM_VSIX picks another VSIX.
 */
const SCENARIOS: Scenario[] = [
  activation,
  renderPreview,
  llamaNotLoaded,
  playgroundOpen,
  playgroundEdit,
  playgroundXss,
  playgroundReload,
  playgroundMetrics,
  playgroundBigFile,
  playgroundRun,
  playgroundCompletion,
  playgroundCancel,
  playgroundExport,
  playgroundCompare,
  playgroundCompareEngines,
  playgroundSuiteCase,
  playgroundThemes,
  localModelRun,
  loopbackEndpoint,
  downloadOffline,
  diagnostics,
  deepInput,
  suiteTestExplorer,
  failureEvidence,
];
const TARGET = process.env.XLAM_VSIX_TARGET ?? 'linux-x64';

const root = repoRoot();
const resultsDir = process.env.XLAM_E2E_RESULTS ?? join(root, 'test-results', 'e2e');
const records: TestRecord[] = [];
let setupFailed = false;
const measurements: string[] = [];

function report(record: TestRecord): void {
  records.push(record);
  const label = record.kind === 'ui' ? record.name : `${record.kind}: ${record.name}`;
  const time = record.kind === 'ui' ? ` (${record.ms} ms)` : '';
  const detail = record.error ? `\n    ${record.error.split('\n').join('\n    ')}` : '';
  console.log(`${record.ok ? '✔' : '✖'} ${label}${record.ok ? time : ''}${detail}`);
}

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
    // --scenario TEXT (or XLAM_E2E_ONLY=TEXT): only the scenarios whose name contains TEXT (a quicker loop while writing one).
    const only = process.argv.includes('--scenario') ? process.argv[process.argv.indexOf('--scenario') + 1] : process.env.XLAM_E2E_ONLY;
    for (const scenario of SCENARIOS.filter((s) => only === undefined || s.name.includes(only))) {
      report(await runScenario(scenario, { page: workbench, resultsDir, userDataDir: profile.userDataDir, measure: (name, value) => measurements.push(`${name}: ${value}`) }));
    }
  } finally {
    await page?.context().close().catch(() => undefined);
    await server?.stop();
  }
}

/** The fields of node:test's reporter events the runner reads. */
type TestEvent =
  | { type: 'test:pass'; data: { name: string; nesting: number; skip?: unknown; todo?: unknown; details: { duration_ms: number } } }
  | { type: 'test:fail'; data: { name: string; nesting: number; details: { error: unknown; duration_ms: number } } }
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
      const { name, nesting, skip, todo, details } = (event as Extract<TestEvent, { type: 'test:pass' }>).data;
      if (nesting === 0 && skip === undefined && todo === undefined) report({ name, kind: 'harness', ok: true, ms: Math.round(details.duration_ms) });
    } else if (event.type === 'test:fail') {
      const { name, nesting, details } = (event as Extract<TestEvent, { type: 'test:fail' }>).data;
      if (nesting !== 0) continue;
      // node:test wraps the test's own error as the cause of its "test failed" error.
      const error = details.error instanceof Error && details.error.cause instanceof Error ? details.error.cause : details.error;
      report({ name, kind: 'harness', ok: false, ms: Math.round(details.duration_ms), error: error instanceof Error ? error.message : String(error) });
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
      const timing = new Map((results.timings ?? []).map((entry) => [entry.title, entry]));
      const times = (title: string): { ms: number; timeoutMs?: number } => ({ ms: timing.get(title)?.ms ?? 0, timeoutMs: timing.get(title)?.timeoutMs });
      for (const title of results.passed) report({ name: title, kind: 'exthost', ok: true, ...times(title) });
      for (const failure of results.failed) report({ name: failure.title, kind: 'exthost', ok: false, ...times(failure.title), error: failure.error });
    }
  } catch (error) {
    // One message naming the failed step; scenario failures were already reported above.
    setupFailed = true;
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
  writeFileSync(join(resultsDir, 'results.json'), `${JSON.stringify({ setupFailed, tests: records }, null, 2)}\n`);
  for (const line of measurements) console.log(`  ${line}`);
  const passed = records.filter((record) => record.ok).length;
  const failed = records.length - passed + (setupFailed ? 1 : 0);
  console.log(`screenshots: ${resultsDir}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));

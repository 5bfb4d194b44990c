import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { LOG_CHANNEL } from '../scenarios/types';
import type { ExthostResults } from '../../exthost/index';
import { newPage } from './browser';
import { makeProfile, startCodeServer } from './codeServer';
import { GiveUp, repoRoot, step, waitFor } from './steps';
import { runCommand, showOutputChannel, waitForOutputLine } from './workbench';

/**
 * Runs test/exthost inside code-server's (remote) extension host, VS Code's own way for web:
 * the workbench URL's `payload` carries extensionDevelopmentPath and extensionTestsPath as
 * vscode-remote URIs; the server's extension host then loads the extension from the working tree
 * (not the VSIX) and calls out/test/exthost/index.js#run(). When run() settles, the workbench
 * calls window.codeAutomationExit(code), which we expose to learn the exit code; the per-test
 * results come from the JSON file index.ts writes (its path travels in the server's environment,
 * which the extension host inherits).
 */
/**
 * The picture of the run: the extension's log channel as the suite left it (activation, the
 * test model loaded, the run with the grammar), which shows the suite drove the real extension.
 * Failing to show it is a failure of its own, reported like a test.
 */
async function screenshotLog(page: Page, path: string, results: ExthostResults): Promise<void> {
  try {
    const output = await showOutputChannel(page, LOG_CHANNEL);
    await runCommand(page, 'View: Toggle Maximized Panel');
    // The view shows the channel's last lines: the suite's model loads, runs and unloads.
    await waitForOutputLine(output, /\b(loaded|run on local|unloaded) .*\.gguf/);
    await page.screenshot({ path });
  } catch (error) {
    await page.screenshot({ path: path.replace(/\.png$/, '-FAILED.png') }).catch(() => undefined);
    results.failed.push({ title: 'the log channel after the suite shows its runs (exthost-suite.png)', error: error instanceof Error ? error.message : String(error) });
  }
}

export async function runExthostSuite(entry: string, browser: Browser, workDir: string, screenshotPath: string): Promise<ExthostResults> {
  const root = repoRoot();
  const resultsFile = join(workDir, 'exthost-results.json');
  rmSync(resultsFile, { force: true });
  const profile = makeProfile(join(workDir, 'exthost-profile'));
  const server = await startCodeServer(entry, profile, { env: { XLAM_EXTHOST_RESULTS: resultsFile } });
  const page = await newPage(browser);
  try {
    return await step('running the extension-host suite in code-server', async () => {
      let exitCode: number | undefined;
      await page.exposeFunction('codeAutomationExit', (code: number) => {
        exitCode = code;
      });
      const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
      const payload = JSON.stringify([
        ['extensionDevelopmentPath', remote(root)],
        ['extensionTestsPath', remote(join(root, 'out', 'test', 'exthost', 'index'))],
      ]);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(join(root, 'examples'))}&payload=${encodeURIComponent(payload)}`);
      await waitFor('the extension-host suite to finish (window.codeAutomationExit)', 120_000, () => {
        if (exitCode === undefined && /Extension host .*exited|Error: Cannot find module/.test(server.output()) && !existsSync(resultsFile)) {
          throw new GiveUp(`the extension host ended without results:\n${server.output().trim().split('\n').slice(-15).join('\n')}`);
        }
        return exitCode !== undefined || undefined;
      }, 250);
      if (!existsSync(resultsFile)) throw new Error(`the suite exited with code ${exitCode} but wrote no ${resultsFile}`);
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExthostResults;
      await screenshotLog(page, screenshotPath, results);
      return results;
    });
  } finally {
    await page.context().close().catch(() => undefined);
    await server.stop();
  }
}

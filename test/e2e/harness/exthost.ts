import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ExthostResults } from '../../exthost/index';
import { newPage } from './browser';
import { makeProfile, startCodeServer } from './codeServer';
import { GiveUp, repoRoot, step, waitFor } from './steps';

/**
 * Runs test/exthost inside code-server's (remote) extension host, VS Code's own way for web:
 * the workbench URL's `payload` carries extensionDevelopmentPath and extensionTestsPath as
 * vscode-remote URIs; the server's extension host then loads the extension from the working tree
 * (not the VSIX) and calls out/test/exthost/index.js#run(). When run() settles, the workbench
 * calls window.codeAutomationExit(code), which we expose to learn the exit code; the per-test
 * results come from the JSON file index.ts writes (its path travels in the server's environment,
 * which the extension host inherits).
 */
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
      await page.screenshot({ path: screenshotPath }).catch(() => undefined);
      if (!existsSync(resultsFile)) throw new Error(`the suite exited with code ${exitCode} but wrote no ${resultsFile}`);
      return JSON.parse(readFileSync(resultsFile, 'utf8')) as ExthostResults;
    });
  } finally {
    await page.context().close().catch(() => undefined);
    await server.stop();
  }
}

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { freePort } from '../harness/codeServer';
import { spawnGroup } from '../harness/processes';
import { GiveUp, repoRoot, waitFor } from '../harness/steps';
import { activeEditorText, activeTab, answerInputBox, errorNotifications, openPath, runCommand } from '../harness/workbench';
import { answerPrompt, engineFixtures, logLine, notificationTexts, pickItem, TOOLS_FILE, waitForEngineStatus } from './engineFixtures';
import type { Scenario } from './types';

/**
 * The remote path against a real server: `xlam-lab serve` on the test model at 127.0.0.1, reached
 * with "xLAM: Connect to Endpoint…" (URL, no key, chat mode), then "xLAM: Run Query" with the
 * grammar on, which chat mode asks of the server as tool_choice "required".
 */
export const loopbackEndpoint: Scenario = {
  name: 'Connect to Endpoint reaches the loopback server; Run Query shows the calls it returns',
  timeoutMs: 180_000,
  async run({ page, screenshot, measure }) {
    const { modelPath, toolsPath } = await engineFixtures();
    const port = await freePort();
    const server = spawnGroup(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'serve', '--model', modelPath, '--port', String(port), '--format', 'fc-v1']);
    try {
      let exited: number | string | undefined;
      void server.exited.then((code) => (exited = code));
      await waitFor('xlam-lab serve to say it is serving', 60_000, () => {
        if (exited !== undefined) throw new GiveUp(`xlam-lab serve exited (${exited}):\n${server.output().trim()}`);
        return server.output().includes('serving ') || undefined;
      });
      const baseUrl = `http://127.0.0.1:${port}/v1`;

      // Start from no editors and no toasts, so what is seen below is this run's.
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Notifications: Clear All Notifications');
      await runCommand(page, 'xLAM: Connect to Endpoint…');
      await answerPrompt(page, 'Base URL of an OpenAI-compatible endpoint', baseUrl);
      await answerPrompt(page, 'API key for this endpoint', '');
      await pickItem(page, 'How to send queries', 'chat');
      await waitForEngineStatus(page, new RegExp(`xLAM remote · tiny\\.gguf · 127\\.0\\.0\\.1:${port} · idle`));
      // The status bar changes as the connection is made; the "connecting… Cancel" progress toast
      // closes a moment later. The picture is of the connected state, so wait for it to go.
      await waitFor('the "connecting to" progress notification to close', 30_000, async () => !(await notificationTexts(page)).some((text) => text.includes('connecting to')));
      await screenshot('engine-endpoint-connected');

      await openPath(page, toolsPath, TOOLS_FILE);
      await runCommand(page, 'xLAM: Run Query');
      await answerInputBox(page, 'The user query', 'Is the service up?');
      await activeTab(page, 'result.json').waitFor({ timeout: 120_000 });
      const text = await waitFor('the result document to list ping calls', 120_000, async () => {
        const shown = await activeEditorText(page);
        return shown.includes('"name": "ping"') ? shown : undefined;
      });
      await screenshot('engine-endpoint-run-result');
      assert.match(text, /"calls": \[/);
      const run = await logLine(page, /run on remote tiny\.gguf in (\d+) ms: (\d+) call/, 60_000);
      measure('remote run through the loopback server (ping tools, from the log)', /in \d+ ms: \d+ call\(s\), \d+ tokens at [\d.]+ tok\/s/.exec(run)?.[0] ?? run);
      assert.deepEqual(await errorNotifications(page), [], 'no error notification while connecting and running');
      await runCommand(page, 'xLAM: Unload Model');
      await waitForEngineStatus(page, /xLAM: no model/);
    } finally {
      await server.stop();
    }
  },
};

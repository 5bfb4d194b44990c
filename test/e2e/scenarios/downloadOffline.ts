import assert from 'node:assert/strict';
import { waitFor } from '../harness/steps';
import { runCommand } from '../harness/workbench';
import { answerPrompt, notificationTexts } from './engineFixtures';
import type { Scenario } from './types';

/**
 * "xLAM: Download Model…" for a host that cannot be reached (a .invalid name never resolves, on
 * any machine) ends quickly in an error notification that says why, instead of a spinner.
 */
export const downloadOffline: Scenario = {
  name: 'Download Model for an unreachable host fails fast with a clear error',
  timeoutMs: 60_000,
  async run({ page, screenshot, measure }) {
    const url = 'https://models.invalid/xlam-1b-fc-r.Q4_K_M.gguf';
    await runCommand(page, 'xLAM: Download Model…');
    const started = Date.now();
    await answerPrompt(page, 'A model to download', url);
    const message = await waitFor('an error notification about the download', 30_000, async () => (await notificationTexts(page)).find((text) => text.includes('download failed')));
    const ms = Date.now() - started;
    // The progress notification goes as the error comes: wait for it to be gone before the picture.
    await waitFor('the download progress notification to close', 10_000, async () => !(await notificationTexts(page)).some((text) => text.includes('downloading')));
    await screenshot('engine-download-offline');
    measure('offline download error shown after', `${ms} ms`);
    assert.match(message, /cannot reach models\.invalid/);
    assert.ok(ms < 20_000, `the error took ${ms} ms`);
    await runCommand(page, 'Notifications: Clear All Notifications');
  },
};

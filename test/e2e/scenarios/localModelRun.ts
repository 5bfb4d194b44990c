import assert from 'node:assert/strict';
import { waitFor } from '../harness/steps';
import { activeEditorText, activeTab, answerInputBox, errorNotifications, openPath, runCommand } from '../harness/workbench';
import { chooseFileInDialog, engineFixtures, logLine, TOOLS_FILE, waitForEngineStatus } from './engineFixtures';
import type { Scenario } from './types';

/**
 * The local path as a user takes it: "xLAM: Select Model File…" from the palette, the test model
 * typed into the open dialog, the status bar showing it; then "xLAM: Run Query" on a tools file
 * with the grammar on (the default) and the parsed calls in the result document beside.
 */
export const localModelRun: Scenario = {
  name: 'Select Model File loads the test model; Run Query with the grammar shows the calls',
  timeoutMs: 180_000,
  async run({ page, screenshot, measure }) {
    const { modelPath, toolsPath } = await engineFixtures();
    await openPath(page, toolsPath, TOOLS_FILE);

    await runCommand(page, 'xLAM: Select Model File…');
    await chooseFileInDialog(page, 'Choose a GGUF model file', modelPath);
    const status = await waitForEngineStatus(page, /xLAM local · tiny\.gguf · \w+ · idle/);
    await screenshot('engine-local-model-loaded');
    const loaded = await logLine(page, /loaded .*tiny\.gguf in (\d+) ms on (\w+)/);
    measure('local model load in the extension (tiny.gguf, from the log)', `${/in (\d+) ms/.exec(loaded)?.[1] ?? '?'} ms`);
    assert.match(status, /cpu|cuda|vulkan|metal/);

    await openPath(page, toolsPath, TOOLS_FILE);
    await runCommand(page, 'xLAM: Run Query');
    await answerInputBox(page, 'The user query', 'Is the service up?');
    await activeTab(page, 'result.json').waitFor({ timeout: 60_000 });
    const text = await waitFor('the result document to list ping calls', 120_000, async () => {
      const shown = await activeEditorText(page);
      return shown.includes('"name": "ping"') ? shown : undefined;
    });
    await waitForEngineStatus(page, /xLAM local · tiny\.gguf · \w+ · idle/);
    await screenshot('engine-local-run-result');
    assert.match(text, /"calls": \[/);
    const run = await logLine(page, /run on local tiny\.gguf in (\d+) ms: (\d+) call/);
    measure('local run with the grammar (ping tools, from the log)', /in \d+ ms: \d+ call\(s\), \d+ tokens at [\d.]+ tok\/s/.exec(run)?.[0] ?? run);
    assert.ok(Number(/(\d+) call/.exec(run)?.[1]) >= 1, `calls in: ${run}`);
    assert.deepEqual(await errorNotifications(page), [], 'no error notification while loading and running');

    // A click on the status-bar item offers the engine commands, Unload Model among them now.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'xLAM local' }).first().click();
    const menu = page.locator('.quick-input-widget');
    await menu.locator('.monaco-list-row', { hasText: 'Unload Model' }).waitFor({ state: 'visible', timeout: 30_000 });
    const rows = await menu.locator('.monaco-list-row .label-name').allInnerTexts();
    await screenshot('engine-status-menu');
    await page.keyboard.press('Escape');
    for (const label of ['Select Model File…', 'Download Model…', 'Connect to Endpoint…', 'Run Query', 'Unload Model']) assert.ok(rows.some((row) => row.includes(label)), `${label} in ${rows.join(' | ')}`);
  },
};

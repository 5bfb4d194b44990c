import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../harness/steps';
import { editorFocused, errorNotifications, quickOpen, runCommand, showTestExplorer } from '../harness/workbench';
import { chooseFileInDialog, engineFixtures, notificationTexts, waitForEngineStatus } from './engineFixtures';
import type { Scenario } from './types';

const SUITE_FILE = 'travel.fctest.json';
const UI_TIMEOUT = 30_000;

/**
 * The state icon's classes of the Test Explorer row labelled `label` (the label's own text, before
 * any description VS Code appends), or undefined while no such row shows.
 */
export async function rowIcon(page: Page, label: string): Promise<string | undefined> {
  // A string, because the harness compiles without the DOM's types; it runs in the page.
  const found = await page.evaluate<string | null>(`(() => {
    for (const row of document.querySelectorAll('.test-explorer .monaco-list-row')) {
      const text = row.querySelector('.label')?.childNodes[0]?.textContent ?? '';
      if (text.trim() === ${JSON.stringify(label)}) return row.querySelector('.computed-state')?.className ?? '';
    }
    return null;
  })()`);
  return found ?? undefined;
}

export function testRow(page: Page, label: string): Locator {
  return page.locator('.test-explorer .monaco-list-row', { has: page.locator('.label', { hasText: label }) }).first();
}

/** Waits until the row shows the Test Explorer's passed or failed icon; returns which. */
async function rowState(page: Page, label: string, timeoutMs: number): Promise<'passed' | 'failed'> {
  return waitFor(`the Test Explorer row "${label}" to show a result`, timeoutMs, async () => {
    const icon = await rowIcon(page, label);
    if (icon?.includes('testing-passed')) return 'passed' as const;
    if (icon?.includes('testing-failed')) return 'failed' as const;
    return undefined;
  });
}

/**
 * The example suite (examples/travel.fctest.json) through the Test Explorer on the tiny model:
 * the suite is found in the workspace with its cases; "Test: Run All Tests" runs them on the
 * loaded local engine; the one case the grammar makes the random model pass is green, the others
 * red; Test Results lists each failure with the checker's message.
 */
export const suiteTestExplorer: Scenario = {
  name: 'Test Explorer runs the example suite on the tiny model: pass and fail at each case, the checker messages in Test Results',
  timeoutMs: 240_000,
  async run({ page, screenshot, measure }) {
    const { modelPath } = await engineFixtures();
    // Run alone (--scenario), the palette may open before the extension's commands are known:
    // its status-bar item appears when it has activated.
    await waitForEngineStatus(page, /^xLAM/, 60_000);
    await runCommand(page, 'xLAM: Select Model File…');
    await chooseFileInDialog(page, 'Choose a GGUF model file', modelPath);
    await waitForEngineStatus(page, /xLAM local · tiny\.gguf · \w+ · idle/);

    await quickOpen(page, SUITE_FILE);
    await editorFocused(page, SUITE_FILE);
    await showTestExplorer(page);
    await waitFor('the Test Explorer to list the example suite', UI_TIMEOUT, async () => (await rowIcon(page, SUITE_FILE)) ?? (await rowIcon(page, 'travel')));

    const started = Date.now();
    await runCommand(page, 'Test: Run All Tests');
    const summary = await waitFor('the run summary notification', 180_000, async () => (await notificationTexts(page)).find((text) => /xLAM: \d+ of 6 cases passed/.test(text)));
    measure('Test Explorer run of the example suite (6 cases, tiny model)', `${((Date.now() - started) / 1000).toFixed(1)} s, ${/\d+ of 6/.exec(summary)?.[0] ?? '?'} passed`);

    // The suite's row carries its name from the file; its cases are its children.
    await waitFor('the suite row to take the suite\'s name', UI_TIMEOUT, () => rowIcon(page, 'travel'));
    const suiteRow = testRow(page, 'travel');
    if ((await suiteRow.locator('.monaco-tl-twistie.collapsed').count()) > 0) await suiteRow.locator('.monaco-tl-twistie').click();
    assert.equal(await rowState(page, 'service-up', UI_TIMEOUT), 'passed');
    assert.equal(await rowState(page, 'flight-sfo-jfk', UI_TIMEOUT), 'failed');
    assert.equal(await rowState(page, 'airport-joke', UI_TIMEOUT), 'failed');
    await screenshot('suite-test-explorer');

    // The failures' messages (the checker's, with expected vs actual as a diff) in Test Results.
    const panel = await waitFor('Test Results to show the failures with their messages', UI_TIMEOUT, async () => {
      const text = await page.locator('.part.panel').first().innerText();
      return /invalid value for parameter|wrong number of functions|not found in the model output/.test(text) ? text : undefined;
    });
    assert.match(panel, /the model called/, 'the irrelevance failure says which call was made');
    await screenshot('suite-failure-messages');
    assert.deepEqual(await errorNotifications(page), [], 'no error notification during the run');
  },
};

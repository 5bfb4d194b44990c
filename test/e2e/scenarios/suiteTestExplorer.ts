import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../harness/steps';
import { editorFocused, errorNotifications, quickOpen, runCommand } from '../harness/workbench';
import { chooseFileInDialog, engineFixtures, notificationTexts, waitForEngineStatus } from './engineFixtures';
import type { Scenario } from './types';

const SUITE_FILE = 'travel.fctest.json';
const UI_TIMEOUT = 30_000;

/** A row of the Test Explorer tree whose label is `label`. */
function testRow(page: Page, label: string): Locator {
  return page.locator('.test-explorer .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/** Waits until the row shows the Test Explorer's passed or failed icon; returns which. */
async function rowState(page: Page, label: string, timeoutMs: number): Promise<'passed' | 'failed'> {
  return waitFor(`the Test Explorer row "${label}" to show a result`, timeoutMs, async () => {
    const row = testRow(page, label);
    if ((await row.count()) === 0) return undefined;
    if ((await row.locator('.codicon-testing-passed-icon').count()) > 0) return 'passed' as const;
    if ((await row.locator('.codicon-testing-failed-icon').count()) > 0) return 'failed' as const;
    return undefined;
  });
}

/**
 * The example suite (examples/travel.fctest.json) through the Test Explorer on the tiny model:
 * the suite is found in the workspace with its cases; "Test: Run All Tests" runs them on the
 * loaded local engine; the one case the grammar makes the random model pass is green, the others
 * red; the first failure's peek shows the checker's message with expected and actual calls.
 */
export const suiteTestExplorer: Scenario = {
  name: 'Test Explorer runs the example suite on the tiny model: pass and fail at each case, the failure diff in a peek',
  timeoutMs: 240_000,
  async run({ page, screenshot, measure }) {
    const { modelPath } = await engineFixtures();
    await runCommand(page, 'xLAM: Select Model File…');
    await chooseFileInDialog(page, 'Choose a GGUF model file', modelPath);
    await waitForEngineStatus(page, /xLAM local · tiny\.gguf · \w+ · idle/);

    await quickOpen(page, SUITE_FILE);
    await editorFocused(page, SUITE_FILE);
    await page.locator('.activitybar .action-item a[aria-label^="Testing"]').first().click({ timeout: UI_TIMEOUT });
    await page.locator('.test-explorer').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });

    const started = Date.now();
    await runCommand(page, 'Test: Run All Tests');
    const summary = await waitFor('the run summary notification', 180_000, async () => (await notificationTexts(page)).find((text) => /xLAM: \d+ of 6 cases passed/.test(text)));
    measure('Test Explorer run of the example suite (6 cases, tiny model)', `${((Date.now() - started) / 1000).toFixed(1)} s, ${/\d+ of 6/.exec(summary)?.[0] ?? '?'} passed`);

    // The suite's row carries its name from the file; its cases are its children.
    const suiteRow = testRow(page, 'travel');
    await suiteRow.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    if ((await suiteRow.locator('.monaco-tl-twistie.collapsed').count()) > 0) await suiteRow.locator('.monaco-tl-twistie').click();
    assert.equal(await rowState(page, 'service-up', UI_TIMEOUT), 'passed');
    assert.equal(await rowState(page, 'flight-sfo-jfk', UI_TIMEOUT), 'failed');
    assert.equal(await rowState(page, 'airport-joke', UI_TIMEOUT), 'failed');
    await screenshot('suite-test-explorer');

    // The first failure in the open suite: its message, expected vs actual, at the case.
    await editorFocused(page, SUITE_FILE);
    await runCommand(page, 'Test: Go to Next Test Failure');
    const peek = page.locator('.peekview-widget').first();
    await peek.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const peekText = await waitFor('the failure peek to show the checker message', UI_TIMEOUT, async () => {
      const text = await peek.innerText();
      return /expected|invalid value|wrong number|function/i.test(text) ? text : undefined;
    });
    await screenshot('suite-failure-peek');
    assert.ok(peekText.length > 0);
    await page.keyboard.press('Escape');
    assert.deepEqual(await errorNotifications(page), [], 'no error notification during the run');
  },
};

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { fromPlain } from '../../../src/core/json/jsonValue';
import type { ParsedCall } from '../../../src/core/parse/types';
import { readSuite } from '../../../src/core/suite/readSuite';
import { scoreCase } from '../../../src/core/suite/scoreCase';
import type { SuiteCase } from '../../../src/core/suite/types';
import { waitFor } from '../harness/steps';
import { errorNotifications, showTestExplorer } from '../harness/workbench';
import { waitForEngineStatus } from './engineFixtures';
import { closeAllEditors, playgroundFrame, promptText, showPane } from './playgroundFixtures';
import { loadTinyModel } from './playgroundRun';
import { rowIcon, testRow } from './suiteTestExplorer';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;
const EXAMPLES = resolve(__dirname, '../../../../examples');
/** The grammar makes the tiny model call the one tool this case has: likely a pass. */
const CASE_ID = 'service-up';
/** Exact values the random tiny model is unlikely to write: likely a fail (the Test Explorer scenario sees it fail). */
const FAILING_CASE_ID = 'flight-sfo-jfk';

/** The example suite's case and checker mode, read by the core reader as `xlam-lab test` reads them. */
function suiteCase(caseId: string): { item: SuiteCase; mode: 'bfcl' | 'default' } {
  const file = join(EXAMPLES, 'travel.fctest.json');
  const suite = readSuite(readFileSync(file, 'utf8'), file, (ref) => ({ text: readFileSync(join(EXAMPLES, ref), 'utf8'), file: join(EXAMPLES, ref) }));
  const item = suite.cases.find((c) => c.id === caseId);
  assert.ok(item, `the example suite has a case "${caseId}"`);
  return { item, mode: suite.defaults.checker ?? 'default' };
}

/** The calls a calls table shows (name, and the arguments as the JSON it prints). */
async function shownCalls(area: Locator): Promise<ParsedCall[]> {
  const rows = area.locator('table.calls tbody tr:not(.no-calls)');
  const calls: ParsedCall[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    calls.push({ name: (await row.locator('.call-name').textContent()) ?? '', arguments: fromPlain(JSON.parse((await row.locator('td code').first().textContent()) ?? 'null')) });
  }
  return calls;
}

/** The expected-check line of `area` agrees with the core checker on the calls `area` shows; returns the line's text. */
async function assertCheckLine(area: Locator, caseId: string, what: string): Promise<string> {
  const line = area.locator('.expected-check');
  await line.waitFor({ timeout: UI_TIMEOUT });
  const { item, mode } = suiteCase(caseId);
  const calls = await shownCalls(area);
  const parseError = (await area.locator('.parse-message').count()) > 0 ? 'unparsed' : undefined;
  const truth = scoreCase(item, { calls, ...(parseError !== undefined ? { parseError } : {}) }, mode);
  const text = (await line.innerText()).replace(/\s+/g, ' ').trim();
  assert.equal(await line.getAttribute('data-pass'), String(truth.valid), `${what}: the line "${text}" for calls ${JSON.stringify(calls.map((c) => c.name))}; the checker says ${truth.valid ? 'valid' : `${truth.errorType ?? ''} ${truth.message}`}`);
  assert.equal((await line.getAttribute('data-error-type')) || null, truth.errorType, `${what}: the error type`);
  assert.match(text, truth.valid ? new RegExp(`Expected answer: pass \\(${mode} checker\\)`) : new RegExp(`Expected answer: fail \\(${mode} checker\\) ${(truth.errorType ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return text;
}

/** "Open in Playground" from the case's context menu in the Test Explorer; returns the new playground's page. */
async function openCaseFromTestExplorer(page: Page, caseId: string): Promise<FrameLocator> {
  await showTestExplorer(page);
  const suiteLabel = await waitFor('the Test Explorer to list the example suite', UI_TIMEOUT, async () => ((await rowIcon(page, 'travel')) !== undefined ? 'travel' : (await rowIcon(page, 'travel.fctest.json')) !== undefined ? 'travel.fctest.json' : undefined));
  const suiteRow = testRow(page, suiteLabel);
  await waitFor(`the suite's case "${caseId}" to show`, UI_TIMEOUT, async () => {
    if ((await rowIcon(page, caseId)) !== undefined) return true;
    if ((await suiteRow.locator('.monaco-tl-twistie.collapsed').count()) > 0) await suiteRow.locator('.monaco-tl-twistie').click();
    return undefined;
  });
  await testRow(page, caseId).click({ button: 'right' });
  // VS Code's menus act on a pointer's up after its own down; a synthetic click can land before
  // the menu takes pointer events, so the item is pointed at and chosen with Enter, as a keyboard user would.
  const item = page.locator('.context-view .action-item', { hasText: 'Open in Playground' }).first();
  await item.hover({ timeout: UI_TIMEOUT });
  await waitFor('the menu item to be focused', UI_TIMEOUT, async () => ((await item.getAttribute('class')) ?? '').includes('focused'));
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container .tab.active', { hasText: `${caseId}.playground.json` }).first().waitFor({ timeout: UI_TIMEOUT });
  return playgroundFrame(page);
}

/** Runs the playground once on the tiny model (Run pane); returns the pane's steps area when the run is done. */
async function runOnce(frame: FrameLocator): Promise<Locator> {
  await showPane(frame, 'Run');
  await waitFor('the Run pane to show the loaded model', UI_TIMEOUT, async () => ((await frame.locator('#run-engine').textContent()) ?? '').includes('tiny.gguf'));
  await frame.locator('#run').click();
  const steps = frame.locator('#run-steps');
  await waitFor('the run to finish with its calls table', 120_000, async () => (await steps.locator('table.calls').count()) > 0 && (await steps.locator('.timings').count()) > 0);
  return steps;
}

/**
 * A suite case from the Test Explorer into the playground: the context menu's "Open in Playground"
 * on the example suite's `service-up` case opens an untitled playground holding the case; Run on
 * the tiny model shows the calls and the line saying whether they are the case's expected answer,
 * which must be what the core checker (`xlam-lab test`'s) says of those calls; each Compare column
 * shows its own such line.
 */
export const playgroundSuiteCase: Scenario = {
  name: 'playground: Open in Playground on a Test Explorer case; Run and Compare check the calls against the case\'s expected answer',
  timeoutMs: 240_000,
  async run({ page, screenshot, measure }) {
    const status = await waitForEngineStatus(page, /^xLAM/, 60_000);
    if (!/tiny\.gguf · \w+ · idle/.test(status)) await loadTinyModel(page);

    const frame = await openCaseFromTestExplorer(page, CASE_ID);
    await promptText(frame, 'the case\'s prompt (its own tool, its query)', (t) => t.includes('check_status') && t.includes('Is the booking service up right now?'));
    const runLine = await assertCheckLine(await runOnce(frame), CASE_ID, 'Run pane');
    measure('playground expected check (tiny model, case service-up)', runLine);
    await screenshot('playground-expected');

    await showPane(frame, 'Compare');
    await frame.locator('#compare-col-1').waitFor({ timeout: UI_TIMEOUT });
    await frame.locator('#compare-run').click();
    const states = await waitFor('both Compare columns to finish', 180_000, async () => {
      const s = await Promise.all([0, 1].map((i) => frame.locator(`#compare-col-${i}`).getAttribute('data-state')));
      return s.every((state) => state === 'done' || state === 'error') ? s : undefined;
    });
    assert.deepEqual(states, ['done', 'done'], `column errors: ${(await frame.locator('.compare-column .error').allTextContents()).join(' | ')}`);
    for (const i of [0, 1]) await assertCheckLine(frame.locator(`#compare-col-${i}`), CASE_ID, `Compare column ${i + 1}`);
    await screenshot('playground-expected-compare');

    // A second case, whose exact values the tiny model is unlikely to write: the line says what the checker says, fail included.
    const second = await openCaseFromTestExplorer(page, FAILING_CASE_ID);
    await promptText(second, 'the second case\'s prompt', (t) => t.includes('search_flights') && t.includes('SFO to JFK'));
    measure('playground expected check (tiny model, case flight-sfo-jfk)', await assertCheckLine(await runOnce(second), FAILING_CASE_ID, 'Run pane, second case'));
    await screenshot('playground-expected-fail');
    assert.deepEqual(await errorNotifications(page), [], 'no error notification');
    await closeAllEditors(page);
  },
};

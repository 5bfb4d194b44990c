import assert from 'node:assert/strict';
import { waitFor } from '../harness/steps';
import { runCommand } from '../harness/workbench';
import { ENDLESS_MODEL, startEndlessEndpoint } from './endlessEndpoint';
import { answerPrompt, notificationTexts, pickItem, waitForEngineStatus } from './engineFixtures';
import { closeAllEditors, openPlaygroundFile, playgroundText, promptText, showPane, writePlayground } from './playgroundFixtures';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;

/**
 * Cancel in the Run pane, against an endpoint whose model never stops (endlessEndpoint.ts): the
 * streamed output stops, the server sees its connection closed, the text received so far stays,
 * the document is not touched, and the next Run works.
 */
export const playgroundCancel: Scenario = {
  name: 'playground: Cancel in the Run pane stops a streaming run at once, keeps its output, and the next run works',
  timeoutMs: 150_000,
  async run({ page, screenshot, measure, onCleanup }) {
    const endpoint = await startEndlessEndpoint();
    onCleanup(() => endpoint.close());
    const port = new URL(endpoint.baseURL).port;
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'xLAM: Connect to Endpoint…');
    await answerPrompt(page, 'Base URL of an OpenAI-compatible endpoint', endpoint.baseURL);
    await answerPrompt(page, 'API key for this endpoint', '');
    await pickItem(page, 'How to send queries', 'raw');
    await waitForEngineStatus(page, new RegExp(`xLAM remote · ${ENDLESS_MODEL} · 127\\.0\\.0\\.1:${port} · idle`));
    await waitFor('the "connecting to" progress notification to close', UI_TIMEOUT, async () => !(await notificationTexts(page)).some((text) => text.includes('connecting to')));

    // Raw mode takes no grammar: the playground runs without it.
    const doc = JSON.parse(playgroundText([{ name: 'ping', description: 'Check that the service answers' }])) as Record<string, unknown>;
    const path = writePlayground('cancel.playground.json', `${JSON.stringify({ ...doc, grammar: false }, null, 2)}\n`);
    const frame = await openPlaygroundFile(page, path, 'cancel.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('"ping"'));
    await showPane(frame, 'Run');
    await waitFor('the Run pane to show the endpoint', UI_TIMEOUT, async () => ((await frame.locator('#run-engine').textContent()) ?? '').includes(ENDLESS_MODEL));

    await frame.locator('#run').click();
    const raw = frame.locator('#run-steps pre.raw').first();
    const before = await waitFor('five streamed tokens in the raw output', UI_TIMEOUT, async () => {
      const text = (await raw.textContent({ timeout: 1000 }).catch(() => null)) ?? '';
      return text.includes('tok4 ') ? text : undefined;
    });
    assert.equal(await frame.locator('.run-pane').getAttribute('data-running'), 'true');
    const clickedAt = performance.now();
    await frame.locator('#run-cancel').click();
    const first = endpoint.completions[0];
    assert.ok(first !== undefined, 'the server got the run');
    await waitFor('the server to see the run\'s connection closed', UI_TIMEOUT, () => first.closedEarly);
    measure('playground Cancel click → connection closed at the server', `${Math.round((first.closedAt ?? clickedAt) - clickedAt)} ms`);
    await waitFor('the Run pane to leave the running state', UI_TIMEOUT, async () => (await frame.locator('.run-pane').getAttribute('data-running')) === 'false');
    await frame.locator('#run-steps .timings[data-finish="cancelled"]').waitFor({ timeout: UI_TIMEOUT });
    assert.match((await frame.locator('#run-status').textContent()) ?? '', /cancelled/);
    assert.equal(await frame.locator('#run-steps tr.no-calls').count(), 1, 'the table says the output had no calls');
    const timings = (await frame.locator('#run-steps .timings').first().textContent()) ?? '';
    const generated = Number(/(\d+) generated/.exec(timings)?.[1] ?? -1);
    assert.ok(generated >= 5, `the timings count the tokens streamed before Cancel: ${timings}`);
    const shown = (await raw.textContent()) ?? '';
    assert.ok(shown.startsWith(before), 'the output streamed before Cancel is kept');
    assert.ok(first.sent.startsWith(shown), `the output shown is what the server sent, nothing more (shown ${shown.length} characters, sent ${first.sent.length})`);
    assert.equal(await frame.locator('#run').getAttribute('disabled'), null, 'Run is enabled again');
    assert.notEqual(await frame.locator('#run-cancel').getAttribute('disabled'), null, 'Cancel is disabled again');
    assert.equal(await page.locator('.editor-group-container.active .tab.active.dirty').count(), 0, 'a cancelled run does not change the document');
    await screenshot('playground-cancel');

    await frame.locator('#run').click();
    await waitFor('a valid ping call from the next run', UI_TIMEOUT, async () => (await frame.locator('#run-steps table.calls tbody tr.valid').count()) === 1);
    assert.equal(endpoint.completions.length, 2);
    assert.equal(endpoint.completions[1]?.closedEarly, false);
    await closeAllEditors(page);
    await runCommand(page, 'xLAM: Unload Model');
    await waitForEngineStatus(page, /xLAM: no model/);
  },
};

import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { freePort } from '../harness/codeServer';
import { waitFor } from '../harness/steps';
import { runCommand } from '../harness/workbench';
import { startDelayedCallEndpoint, type DelayedCallEndpoint, type RecordedRequest } from './delayedCallEndpoint';
import { answerPrompt } from './engineFixtures';
import { closeAllEditors, openPlaygroundFile, playgroundText, promptText, showPane, writePlayground } from './playgroundFixtures';
import { loadTinyModel } from './playgroundRun';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;
/** Long enough that two requests sent together are still both in flight at the servers. */
const STAND_IN_DELAY_MS = 1_500;
const TOOLS = [
  { name: 'ping', description: 'Check that the service answers' },
  { name: 'status', description: 'Report the service status', parameters: { type: 'object', properties: { verbose: { type: 'boolean', description: 'Include details' } } } },
];

/** Sets a column field (a select or text field) through its own API and fires its change event, as a person's edit does. */
async function setField(frame: FrameLocator, column: number, selector: string, value: string): Promise<void> {
  await frame.locator(`#compare-col-${column} ${selector}`).evaluate((el, v) => {
    const field = el as unknown as { value: string; dispatchEvent(event: unknown): boolean };
    field.value = v;
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** "Endpoint…" in a column's engine selector, then the host's two input boxes (URL, model id). */
async function chooseEndpoint(page: Page, frame: FrameLocator, column: number, baseUrl: string, model: string): Promise<string> {
  await setField(frame, column, '.compare-engine', 'choose:endpoint');
  await answerPrompt(page, `Compare column ${column + 1}: base URL`, baseUrl);
  await answerPrompt(page, 'Model id at this endpoint', model);
  const host = new URL(baseUrl).host;
  const expected = model === '' ? host : `${host} · ${model}`;
  return waitFor(`column ${column + 1}'s engine selector to show ${expected}`, UI_TIMEOUT, async () => {
    const label = await frame.locator(`#compare-col-${column} .compare-engine`).getAttribute('data-label');
    return label === expected ? label : undefined;
  });
}

function completions(server: DelayedCallEndpoint): RecordedRequest[] {
  return server.requests.filter((r) => r.path.endsWith('/completions'));
}

function completion(server: DelayedCallEndpoint): RecordedRequest {
  const posts = completions(server);
  assert.equal(posts.length, 1, `${server.baseURL} got one completion request`);
  return posts[0] as RecordedRequest;
}

export const playgroundCompareEngines: Scenario = {
  name: 'playground: Compare columns on their own engines — the local model, two loopback endpoints at the same time, and a dead endpoint that fails alone; Cancel stops them all at once',
  timeoutMs: 240_000,
  async run({ page, screenshot, measure, onCleanup }) {
    // Two stand-in endpoints (delayedCallEndpoint.ts), each answering its own call, and a port nobody listens on.
    const a = await startDelayedCallEndpoint({ model: 'stand-in-a', call: { name: 'ping', arguments: {} }, delayMs: STAND_IN_DELAY_MS });
    onCleanup(() => a.close());
    const b = await startDelayedCallEndpoint({ model: 'stand-in-b', call: { name: 'status', arguments: { verbose: true } }, delayMs: STAND_IN_DELAY_MS });
    onCleanup(() => b.close());
    const dead = `http://127.0.0.1:${await freePort()}/v1`;

    const path = writePlayground('compare-engines.playground.json', playgroundText(TOOLS));
    const frame = await openPlaygroundFile(page, path, 'compare-engines.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('"status"'));
    await loadTinyModel(page);
    await showPane(frame, 'Compare');
    await frame.locator('#compare-add').click();
    await frame.locator('#compare-add').click();
    await frame.locator('#compare-col-3').waitFor({ timeout: UI_TIMEOUT });
    await waitFor('column 1 to name the current engine', UI_TIMEOUT, async () => (await frame.locator('#compare-col-0 .compare-engine').getAttribute('data-label')) === 'Current engine (tiny.gguf)');

    await chooseEndpoint(page, frame, 1, a.baseURL, a.model);
    await chooseEndpoint(page, frame, 2, b.baseURL, '');
    await chooseEndpoint(page, frame, 3, dead, '');
    // Column sampling over the file's, seen below in what the servers were sent.
    await setField(frame, 1, '.compare-topP', '0.9');
    await setField(frame, 1, '.compare-seed', '7');
    await setField(frame, 2, '.compare-maxTokens', '32');

    await frame.locator('#compare-run').click();
    const columns = [0, 1, 2, 3];
    const states = await waitFor('every column to finish', 180_000, async () => {
      const s = await Promise.all(columns.map((i) => frame.locator(`#compare-col-${i}`).getAttribute('data-state')));
      return s.every((state) => state === 'done' || state === 'error') ? s : undefined;
    });
    const errors = await frame.locator('.compare-column .error').allTextContents();
    assert.deepEqual(states, ['done', 'done', 'done', 'error'], `column errors: ${errors.join(' | ')}`);

    // Every column ran alone in its lane: one local model, three endpoints.
    assert.equal(await frame.locator('#compare-status').getAttribute('data-lanes'), '[[0],[1],[2],[3]]');

    // Each column shows the engine that answered it, and that engine's calls.
    const ranOn = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const p = frame.locator(`#compare-col-${i} .compare-ran-on`);
        return { kind: await p.getAttribute('data-kind'), model: await p.getAttribute('data-model'), backend: await p.getAttribute('data-backend') };
      }),
    );
    assert.deepEqual(ranOn[0]?.kind, 'local');
    assert.equal(ranOn[0]?.model, 'tiny.gguf');
    assert.deepEqual(ranOn[1], { kind: 'remote', model: 'stand-in-a', backend: a.baseURL });
    assert.deepEqual(ranOn[2], { kind: 'remote', model: 'stand-in-b', backend: b.baseURL });
    const names = async (i: number): Promise<string[]> => (await frame.locator(`#compare-col-${i} table.calls .call-name`).allTextContents()).map((t) => t.trim());
    assert.deepEqual(await names(1), ['ping']);
    assert.deepEqual(await names(2), ['status']);
    // The random test model may answer with no call at all; what it says is its own, and valid.
    const localOutput = (await frame.locator('#compare-col-0 .compare-output').textContent()) ?? '';
    assert.ok(localOutput.trim() !== '', "the local column shows the model's raw output");
    const local = await names(0);
    assert.ok(local.every((n) => n === 'ping' || n === 'status'), `the local column's calls: ${local.join(', ')}`);
    assert.equal(await frame.locator('#compare-col-0 table.calls tbody tr.valid').count(), local.length, 'the grammar keeps the local calls valid');

    // The dead endpoint's column says which URL failed and why; the others were not held up by it.
    const deadError = (await frame.locator('#compare-col-3 .error').textContent()) ?? '';
    assert.ok(deadError.includes(dead), `the error names ${dead}: ${deadError}`);
    assert.match(deadError, /refused|cannot connect/);

    // The two endpoint columns were in flight at the same time, as the servers saw it.
    const ra = completion(a);
    const rb = completion(b);
    assert.ok(ra.endedAt !== undefined && rb.endedAt !== undefined, 'both answers ended');
    const overlapMs = Math.min(ra.endedAt, rb.endedAt) - Math.max(ra.startedAt, rb.startedAt);
    assert.ok(overlapMs > 0, `the two requests overlapped at the servers (overlap ${overlapMs.toFixed(0)} ms)`);
    measure('compare: two endpoint columns in flight together (measured at the stand-in servers)', `overlap ${overlapMs.toFixed(0)} ms of ${(ra.endedAt - ra.startedAt).toFixed(0)} / ${(rb.endedAt - rb.startedAt).toFixed(0)} ms requests, starts ${Math.abs(ra.startedAt - rb.startedAt).toFixed(0)} ms apart`);

    // Column sampling reached each server; the file's values otherwise.
    assert.equal(ra.body.top_p, 0.9);
    assert.equal(ra.body.seed, 7);
    assert.equal(ra.body.max_tokens, 1024);
    assert.equal(rb.body.max_tokens, 32);
    assert.equal(rb.body.top_p, undefined);

    await runCommand(page, 'Notifications: Clear All Notifications');
    await frame.locator('#compare-col-0 .compare-engine').scrollIntoViewIfNeeded();
    await screenshot('compare-engines');
    await frame.locator('#compare-col-3 .error').scrollIntoViewIfNeeded();
    await screenshot('compare-engines-dead-endpoint');

    // Cancel stops every column at once: both endpoint requests of a second run are dropped mid-answer.
    await frame.locator('#compare-run').click();
    await waitFor('both endpoints to have a second request in flight', UI_TIMEOUT, () => completions(a).length === 2 && completions(b).length === 2);
    await frame.locator('#compare-cancel').click();
    await waitFor('the second run to end', UI_TIMEOUT, async () => (await frame.locator('.compare-pane').getAttribute('data-running')) === 'false');
    const [a2, b2] = [completions(a)[1], completions(b)[1]];
    assert.ok(a2?.closedEarly === true && a2.endedAt === undefined, 'the request to stand-in A was closed before its answer');
    assert.ok(b2?.closedEarly === true && b2.endedAt === undefined, 'the request to stand-in B was closed before its answer');
    for (const i of [1, 2]) {
      const finish = await frame.locator(`#compare-col-${i} .timings`).getAttribute('data-finish');
      assert.equal(finish, 'cancelled', `column ${i + 1} ends cancelled`);
    }
    await closeAllEditors(page);
  },
};

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../harness/steps';
import { editorFocused, quickInputFocused, runCommand } from '../harness/workbench';
import { chooseFileInDialog, engineFixtures, waitForEngineStatus } from './engineFixtures';
import { closeAllEditors, openPlaygroundFile, playgroundDir, playgroundText, promptText, showPane, writePlayground } from './playgroundFixtures';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;
const PING = [{ name: 'ping', description: 'Check that the service answers' }];

/** Loads the tiny test model through "xLAM: Select Model File…" (the dialog typed into). */
export async function loadTinyModel(page: Parameters<Scenario['run']>[0]['page']): Promise<void> {
  const { modelPath } = await engineFixtures();
  await runCommand(page, 'xLAM: Select Model File…');
  await chooseFileInDialog(page, 'Choose a GGUF model file', modelPath);
  await waitForEngineStatus(page, /xLAM local · tiny\.gguf · \w+ · idle/);
}

export const playgroundRun: Scenario = {
  name: 'playground: Run on the tiny test model with the grammar shows valid calls, raw output and timings',
  timeoutMs: 180_000,
  async run({ page, screenshot, measure }) {
    const path = writePlayground('run.playground.json', playgroundText(PING));
    const frame = await openPlaygroundFile(page, path, 'run.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('"ping"'));
    await loadTinyModel(page);
    await showPane(frame, 'Run');
    await waitFor('the Run pane to show the loaded model', UI_TIMEOUT, async () => ((await frame.locator('#run-engine').textContent()) ?? '').includes('tiny.gguf'));
    await frame.locator('#run').click();
    const rows = frame.locator('#run-steps table.calls tbody tr:not(.no-calls)');
    await waitFor('valid ping calls in the calls table', 120_000, async () => (await frame.locator('#run-steps table.calls tbody tr.valid').count()) > 0);
    const names = await frame.locator('#run-steps table.calls .call-name').allTextContents();
    assert.ok(names.length > 0 && names.every((name) => name === 'ping'), `calls: ${names.join(', ')}`);
    assert.equal(await frame.locator('#run-steps table.calls tbody tr.invalid').count(), 0, 'every call passes its check');
    // How sure the model was of each name: a probability in (0, 1] (a random model, so no more than that).
    const ps = await frame.locator('#run-steps table.calls td.confidence').evaluateAll((cells) => cells.map((cell) => Number((cell as unknown as { dataset: { p?: string } }).dataset.p)));
    assert.equal(ps.length, names.length, 'every call has a confidence cell');
    assert.ok(ps.every((p) => p > 0 && p <= 1), `confidences: ${ps.join(', ')}`);
    const timings = (await frame.locator('#run-steps .timings').first().textContent()) ?? '';
    assert.match(timings, /ttft \d+ ms · [\d.]+ tok\/s · prompt \d+ tokens \(\d+ cached\)/);
    measure('playground run (tiny model, grammar on)', `${await rows.count()} calls; ${timings}`);
    await screenshot('playground-run');
    await saveAsTestCase(page, frame, names.length);
    await closeAllEditors(page);
  },
};

/**
 * Save as Test Case… into a new suite (the save dialog typed into, in the temp folder), the first
 * call unchecked: the suite opens beside, unsaved, with the case; saved, its text reads back.
 */
async function saveAsTestCase(page: Parameters<Scenario['run']>[0]['page'], frame: Awaited<ReturnType<typeof openPlaygroundFile>>, calls: number): Promise<void> {
  const suitePath = join(playgroundDir(), 'saved.fctest.json');
  await waitFor('the Save as Test Case button to be enabled', UI_TIMEOUT, async () => (await frame.locator('#run-save-case').getAttribute('disabled')) === null);
  if (calls > 1) await frame.locator('#run-steps table.calls vscode-checkbox.accept').first().click();
  await frame.locator('#run-save-case').click();
  const input = await quickInputFocused(page, 'the suite pick');
  await input.fill('New Suite');
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'New Suite File' }).waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await chooseFileInDialog(page, 'New test suite', suitePath);
  await editorFocused(page, 'saved.fctest.json');
  await page.keyboard.press('Control+S');
  const suite = await waitFor('the saved suite on disk', UI_TIMEOUT, () => {
    try {
      const text = readFileSync(suitePath, 'utf8');
      return text.trim() === '' ? undefined : (JSON.parse(text) as { tools: Array<{ name: string }>; cases: Array<{ id: string; query?: string; expect: unknown }> });
    } catch {
      return undefined;
    }
  });
  assert.deepEqual(suite.tools.map((tool) => tool.name), ['ping']);
  assert.equal(suite.cases.length, 1);
  assert.equal(suite.cases[0]?.id, 'is-the-service-up');
  assert.equal(suite.cases[0]?.query, 'Is the service up?');
  const expected = calls - (calls > 1 ? 1 : 0);
  const expect = suite.cases[0]?.expect as { calls: Array<{ name: string }> };
  assert.deepEqual(expect.calls.map((call) => call.name), new Array<string>(expected).fill('ping'), 'the checked calls are the expected ones');
}

export const playgroundCompletion: Scenario = {
  name: 'playground: Run to Completion answers calls from the mocks, every step visible (two steps)',
  timeoutMs: 180_000,
  async run({ page, screenshot }) {
    const path = writePlayground('loop.playground.json', playgroundText(PING, { mocks: { ping: [{ when: { host: 'nowhere' }, error: 'unknown host' }, { result: { ok: true, ms: 12 } }] } }));
    const frame = await openPlaygroundFile(page, path, 'loop.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('"ping"'));
    // The second rule's result edited in the Mocks pane, a float written "12.0": the file, the
    // pane and the model's tool message keep it as written (Python's json.dumps gives 12.0 too).
    await showPane(frame, 'Mocks');
    const rules = frame.locator('.tool-mocks[data-tool="ping"]');
    const typed = '[\n  {"when": {"host": "nowhere"}, "error": "unknown host"},\n  {"result": {"ok": true, "ms": 12.0}}\n]';
    await rules.locator('textarea').fill(typed);
    await rules.locator('vscode-button', { hasText: 'Apply' }).click();
    await waitFor('the Mocks pane to show the rules from the file with "ms": 12.0', UI_TIMEOUT, async () => {
      const shown = await frame.locator('.tool-mocks[data-tool="ping"] textarea').inputValue();
      // Rebuilt from the file (written in the file's own layout), not the text typed above.
      if (shown === typed) return false;
      if (!shown.includes('"ms": 12.0')) throw new Error(`it shows ${JSON.stringify(shown)}`);
      return true;
    });
    await showPane(frame, 'Run');
    if (!((await frame.locator('#run-engine').textContent()) ?? '').includes('tiny.gguf')) await loadTinyModel(page);
    await waitFor('the Run pane to show the loaded model', UI_TIMEOUT, async () => ((await frame.locator('#run-engine').textContent()) ?? '').includes('tiny.gguf'));
    await frame.locator('#run-max-steps input').fill('2');
    await frame.locator('#run-to-completion').click();
    await waitFor('the loop to stop', 150_000, async () => (await frame.locator('.run-pane').getAttribute('data-stop')) ?? undefined);
    const stop = await frame.locator('.run-pane').getAttribute('data-stop');
    assert.equal(stop, 'step-limit', 'the grammar makes every step call ping: the step limit ends the loop');
    assert.equal(await frame.locator('#run-steps .step').count(), 2, 'two steps shown');
    const results = await frame.locator('#run-steps .step[data-step="0"] .tool-results li').allTextContents();
    assert.ok(results.length > 0 && results.every((text) => text.includes('ping → result (rule 2)') && text.includes('{"ok": true, "ms": 12.0}')), results.join(' | '));
    assert.ok((await frame.locator('#run-steps .step[data-step="1"] table.calls tbody tr:not(.no-calls)').count()) > 0, 'step 2 ran on the conversation with the mock results');
    await screenshot('playground-completion');
    await closeAllEditors(page);
  },
};

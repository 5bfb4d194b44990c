import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/steps';
import { runCommand } from '../harness/workbench';
import { chooseFileInDialog, engineFixtures } from './engineFixtures';
import { closeAllEditors, openPlaygroundFile, playgroundText, promptText, showPane, writePlayground } from './playgroundFixtures';
import { loadTinyModel } from './playgroundRun';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;
const PING = [{ name: 'ping', description: 'Check that the service answers' }];

/** Sets a Compare column's format through the select's own API (its change event, as a pick makes it). */
async function setColumnFormat(frame: FrameLocator, column: number, format: string): Promise<void> {
  await frame.locator(`#compare-col-${column} .compare-format`).evaluate((el, value) => {
    const select = el as unknown as { value: string; dispatchEvent(event: unknown): boolean };
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, format);
}

export const playgroundCompare: Scenario = {
  name: 'playground: Compare runs fc-v1 and xlam2-qwen side by side on the tiny model; Diff Prompts opens the two prompts in the diff editor; the columns are kept in the file',
  timeoutMs: 240_000,
  async run({ page, screenshot, measure }) {
    const path = writePlayground('compare.playground.json', playgroundText(PING));
    const frame = await openPlaygroundFile(page, path, 'compare.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('"ping"'));
    await loadTinyModel(page);
    await showPane(frame, 'Compare');
    await frame.locator('#compare-col-1').waitFor({ timeout: UI_TIMEOUT });
    await setColumnFormat(frame, 0, 'fc-v1');
    await setColumnFormat(frame, 1, 'xlam2-qwen');
    // Column 2 names the loaded model's file through "Model file…": it reuses the loaded engine, so
    // both columns share one lane (one after another on one model), not a second load.
    await frame.locator('#compare-col-1 .compare-engine').evaluate((el) => {
      const select = el as unknown as { value: string; dispatchEvent(event: unknown): boolean };
      select.value = 'choose:local';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const { modelPath } = await engineFixtures();
    await chooseFileInDialog(page, 'Compare column 2: choose a GGUF model file', modelPath);
    await waitFor("column 2's engine selector to name tiny.gguf", UI_TIMEOUT, async () => (await frame.locator('#compare-col-1 .compare-engine').getAttribute('data-label')) === 'tiny.gguf');
    await frame.locator('#compare-run').click();
    // Each column ends done (a calls table) or with its error shown: both must be done.
    const states = await waitFor('both columns to finish', 180_000, async () => {
      const s = await Promise.all([0, 1].map((i) => frame.locator(`#compare-col-${i}`).getAttribute('data-state')));
      return s.every((state) => state === 'done' || state === 'error') ? s : undefined;
    });
    const errors = await frame.locator('.compare-column .error').allTextContents();
    assert.deepEqual(states, ['done', 'done'], `column errors: ${errors.join(' | ')}`);
    assert.equal(await frame.locator('#compare-status').getAttribute('data-lanes'), '[[0,1]]', 'the current engine and its own file share a lane');
    for (const i of [0, 1]) assert.equal(await frame.locator(`#compare-col-${i} table.calls`).count(), 1, `column ${i + 1} shows a calls table`);
    const prompts = await Promise.all(
      [0, 1].map(async (i) => {
        const info = frame.locator(`#compare-col-${i} .compare-prompt`);
        return { format: await info.getAttribute('data-format'), tokens: Number(await info.getAttribute('data-prompt-tokens')), chars: Number(await info.getAttribute('data-prompt-chars')), text: (await frame.locator(`#compare-col-${i} .compare-prompt-text`).textContent()) ?? '' };
      }),
    );
    const [fc, qwen] = prompts as [(typeof prompts)[0], (typeof prompts)[0]];
    assert.equal(fc.format, 'fc-v1');
    assert.equal(qwen.format, 'xlam2-qwen');
    assert.ok(fc.tokens > 0 && qwen.tokens > 0, `prompt tokens: ${fc.tokens}, ${qwen.tokens}`);
    assert.notEqual(fc.tokens, qwen.tokens, 'the two formats feed the model different prompts');
    assert.ok(fc.text.includes('[BEGIN OF TASK INSTRUCTION]'), 'the fc-v1 column shows the fc-v1 prompt');
    assert.ok(qwen.text.includes('<|im_start|>') && !qwen.text.includes('[BEGIN OF TASK INSTRUCTION]'), 'the xlam2-qwen column shows the ChatML prompt');
    assert.equal(fc.chars, fc.text.length, 'the character count is of the prompt shown');
    const timings = await frame.locator('.compare-column .timings').allTextContents();
    assert.equal(timings.length, 2);
    for (const t of timings) assert.match(t, /ttft \d+ ms · [\d.]+ tok\/s · prompt \d+ tokens/);
    measure('compare prompt tokens (tiny model)', `fc-v1 ${fc.tokens} (${fc.chars} chars) · xlam2-qwen ${qwen.tokens} (${qwen.chars} chars)`);
    await screenshot('compare-run');

    await frame.locator('#compare-diff').click();
    const title = '1: fc-v1/card ↔ 2: xlam2-qwen/vllm';
    await page.locator('.editor-group-container .tab', { hasText: title }).first().waitFor({ timeout: UI_TIMEOUT });
    // Both prompts in it: fc-v1's [… OF …] markers and xlam2-qwen's ChatML markers (side by side or, in a
    // narrow editor, inline; Monaco writes spaces as U+00A0 and renders only the lines in view).
    const diff = page.locator('.monaco-diff-editor').first();
    await waitFor('the diff editor to show both prompts', UI_TIMEOUT, async () => {
      const text = ((await diff.textContent().catch(() => null)) ?? '').replace(/\u00a0/g, ' ');
      return /\[(BEGIN|END) OF [A-Z ]+\]/.test(text) && text.includes('<|im_start|>');
    });
    await screenshot('compare-diff');

    // The columns are kept in the file: saved, they are in its "compare" field, and a new editor
    // on the file (no webview state of its own) shows them again.
    await page.locator('.editor-group-container .tab', { hasText: 'compare.playground.json' }).first().click();
    await runCommand(page, 'File: Save');
    const stored = await waitFor('the saved file to hold the Compare columns', UI_TIMEOUT, () => {
      const file = JSON.parse(readFileSync(path, 'utf8')) as { compare?: { columns?: Array<{ format?: string; engine?: { kind: string; path?: string } }> } };
      return file.compare?.columns?.length === 2 ? file.compare.columns : undefined;
    });
    assert.deepEqual(stored.map((c) => c.format), ['fc-v1', 'xlam2-qwen']);
    assert.deepEqual(stored[1]?.engine, { kind: 'local', path: modelPath });
    assert.equal(stored[0]?.engine, undefined, 'the current engine is the default and is left out');
    await closeAllEditors(page);
    const reopened = await openPlaygroundFile(page, path, 'compare.playground.json');
    await showPane(reopened, 'Compare');
    await waitFor('the reopened Compare pane to show the stored columns', UI_TIMEOUT, async () => {
      const formats = await Promise.all([0, 1].map((i) => reopened.locator(`#compare-col-${i} .compare-format`).evaluate((el) => (el as unknown as { value: string }).value).catch(() => null)));
      const engine = await reopened.locator('#compare-col-1 .compare-engine').getAttribute('data-label').catch(() => null);
      return formats[0] === 'fc-v1' && formats[1] === 'xlam2-qwen' && engine === 'tiny.gguf' ? true : undefined;
    });
    await closeAllEditors(page);
  },
};

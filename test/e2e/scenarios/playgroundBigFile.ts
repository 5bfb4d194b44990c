import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { waitFor } from '../harness/steps';
import { goToLineColumn } from '../harness/workbench';
import { closeAllEditors, openPlaygroundFile, percentile, playgroundText, promptText, showPane, writePlayground, type ToolSpec } from './playgroundFixtures';
import type { Scenario } from './types';

const TOOLS = 2_000;
const KEYS = 20;
const MARK = 'BIGMARK_';
const WORDS = ['looks', 'up', 'the', 'weather', 'forecast', 'for', 'a', 'city', 'and', 'returns', 'temperature', 'wind', 'rain', 'in', 'metric', 'units', 'when', 'asked'];

/** About 5 KB of prose per tool: 2,000 tools make a 10 MB playground. */
function description(i: number): string {
  const words: string[] = [];
  for (let w = 0; words.join(' ').length < 4_900; w++) words.push(WORDS[(i * 7 + w * 3) % WORDS.length] ?? 'x');
  return `Tool ${i} ${words.join(' ')}${i === TOOLS - 1 ? ` ${MARK}` : ''}`;
}

/**
 * Runs in the workbench page: arms a recorder of how late each key is shown. For every keydown,
 * the time from the browser's own event timestamp to the first frame after the text changed: a
 * main thread busy with a big update shows up here as a late frame.
 */
function armEchoRecorder(): void {
  const page = globalThis as unknown as {
    performance: { now(): number };
    requestAnimationFrame(callback: () => void): number;
    document: { addEventListener(type: string, listener: (event: { timeStamp: number }) => void, capture: boolean): void };
    __xlamEcho?: number[];
  };
  const echoes: number[] = [];
  page.__xlamEcho = echoes;
  let downAt: number | undefined;
  page.document.addEventListener('keydown', (event) => { downAt = event.timeStamp; }, true);
  page.document.addEventListener('input', () => {
    const at = downAt;
    downAt = undefined;
    if (at !== undefined) page.requestAnimationFrame(() => echoes.push(page.performance.now() - at));
  }, true);
}

/** 1-based line and column just after `needle` in `text` (the editor counts UTF-16 columns). */
function positionAfter(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle) + needle.length;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return { line: text.slice(0, at).split('\n').length, column: at - lineStart + 1 };
}

/**
 * A 10 MB playground (2,000 tools of about 5 KB) must not freeze the editor. It opens and renders
 * (long blocks shown as head and tail, counts from a worker thread); the Tools pane sends the
 * user to VS Code's own text editor instead of a 10 MB text field; keys typed there show at once,
 * and the playground's prompt settles on the last text typed. Timings recorded, not asserted.
 */
export const playgroundBigFile: Scenario = {
  name: 'playground: a 10 MB tools file opens, takes typing without freezing, and the prompt settles on the last text',
  timeoutMs: 300_000,
  async run({ page, screenshot, measure }) {
    const tools: ToolSpec[] = Array.from({ length: TOOLS }, (_, i) => ({ name: `tool_${i}`, description: description(i) }));
    const text = playgroundText(tools, { format: 'fc-v1' });
    const path = writePlayground('big.playground.json', text);
    const megabytes = statSync(path).size / 1e6;
    assert.ok(megabytes >= 10, `the file is ${megabytes.toFixed(1)} MB`);
    const opened = performance.now();
    const frame = await openPlaygroundFile(page, path, 'big.playground.json');
    const first = await promptText(frame, 'the 2,000-tool prompt', (t) => t.includes(MARK), 120_000);
    const openMs = performance.now() - opened;
    assert.match(first, /characters not shown here \(Open as Document has the whole prompt\)/, 'the long tools block is shown as head and tail, saying so');
    await showPane(frame, 'Tools');
    await frame.locator('#tools-big-note').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#tools-text').isVisible(), false, 'no 10 MB text field');
    await frame.locator('#tools-open-text-editor').click();
    await page.locator('.editor-group-container.active .monaco-editor').first().waitFor({ timeout: 30_000 });
    const { line, column } = positionAfter(text, MARK);
    await goToLineColumn(page, 'big.playground.json', line, column);
    await page.evaluate(armEchoRecorder);
    const typedAt = performance.now();
    // Typed as a person types: each key while the host may still be busy with the one before.
    await page.keyboard.type('y'.repeat(KEYS), { delay: 30 });
    const typed = `${MARK}${'y'.repeat(KEYS)}`;
    await promptText(frame, 'the prompt with every key typed', (t) => t.includes(typed), 120_000);
    const settleMs = performance.now() - typedAt;
    const echoes = await page.evaluate(() => (globalThis as unknown as { __xlamEcho: number[] }).__xlamEcho);
    assert.equal(echoes.length, KEYS, 'every key typed reached the editor');
    await screenshot('playground-big-file');
    const sorted = [...echoes].sort((a, b) => a - b);
    measure('playground 10 MB file', `${megabytes.toFixed(1)} MB: opened and rendered in ${Math.round(openMs)} ms; key → painted in the text editor beside it p50 ${Math.round(percentile(sorted, 50))} ms, p95 ${Math.round(percentile(sorted, 95))} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms over ${KEYS} keys; the playground's prompt showed the last key ${Math.round(settleMs)} ms after the first`);
    // Exact counts come from the worker thread for the last text only (stale counts are dropped).
    const countedAt = performance.now();
    await waitFor('exact token counts of the typed prompt from the worker', 180_000, async () => {
      if ((await frame.locator('#prompt-blocks').getAttribute('data-source')) !== 'host') return false;
      return !/approximate|counting/.test((await frame.locator('#prompt-counts-note').textContent({ timeout: 1000 }).catch(() => null)) ?? 'counting');
    });
    const total = Number(await frame.locator('#prompt-total-tokens').textContent());
    assert.ok(total > 1_000_000, `the prompt counts ${total} tokens`);
    measure('playground 10 MB file, exact counts', `${total} tokens, shown ${Math.round(performance.now() - countedAt)} ms after the prompt settled (counted in a worker thread)`);
    await closeAllEditors(page);
  },
};

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, waitFor } from '../harness/steps';
import { placeCaret } from './playground';
import { closeAllEditors, openPlaygroundFile, percentile, playgroundText, promptText, showPane, writePlayground, type ToolSpec } from './playgroundFixtures';
import type { Scenario } from './types';

const KEYSTROKES = 60;
const UI_TIMEOUT = 30_000;
const MARK = 'MARKER_';

/** How long one keystroke may take to reach the Prompt pane before the scenario says which did not. */
const KEYSTROKE_DEADLINE_MS = 20_000;

/**
 * Runs in the webview: times the next keydown in the Tools pane until the Prompt pane's DOM shows
 * `expected` (a MutationObserver, so no polling delay is counted). The promise is left on the page;
 * it rejects after the deadline, saying what the Tools text and the prompt held near the marker
 * (a wait inside the page has no Playwright timeout: without this it would never end).
 */
function armKeystrokeTimer(el: unknown, args: { expected: string; marker: string; deadlineMs: number }): void {
  interface Observed { textContent: string | null }
  const page = globalThis as unknown as {
    document: { getElementById(id: string): Observed };
    performance: { now(): number };
    setTimeout(callback: () => void, ms: number): number;
    clearTimeout(id: number): void;
    MutationObserver: new (callback: () => void) => { observe(node: Observed, options: object): void; disconnect(): void };
    __xlamKeystroke?: Promise<number>;
  };
  const area = el as { value: string; addEventListener(type: string, listener: () => void, options: object): void };
  const pre = page.document.getElementById('prompt-blocks');
  const near = (text: string): string => {
    const at = text.indexOf(args.marker);
    return at < 0 ? '(no marker)' : JSON.stringify(text.slice(at, at + args.marker.length + 80));
  };
  page.__xlamKeystroke = new Promise<number>((resolve, reject) => {
    let t0 = 0;
    area.addEventListener('keydown', () => { t0 = page.performance.now(); }, { once: true });
    const observer = new page.MutationObserver(() => {
      if (t0 > 0 && (pre.textContent ?? '').includes(args.expected)) {
        observer.disconnect();
        page.clearTimeout(deadline);
        resolve(page.performance.now() - t0);
      }
    });
    const deadline = page.setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the prompt did not show ${args.expected} within ${args.deadlineMs} ms (${t0 > 0 ? 'the key arrived' : 'no keydown reached the Tools text'}); Tools text: ${near(area.value)}; prompt: ${near(pre.textContent ?? '')}`));
    }, args.deadlineMs);
    observer.observe(pre, { childList: true, subtree: true, characterData: true });
  });
}

/**
 * Keystroke → prompt: with a 100-tool playground, each key typed into a tool description in the
 * Tools pane is timed from its keydown in the webview to the moment the Prompt pane's DOM shows
 * the new text (a MutationObserver in the page, so no polling delay is counted). Recorded, not
 * asserted: test-results/e2e/metrics.json and the run's summary.
 */
export const playgroundMetrics: Scenario = {
  name: 'playground: keystroke → prompt pane latency with a 100-tool file (p50/p95 recorded)',
  timeoutMs: 180_000,
  async run({ page, screenshot, measure }) {
    const tools: ToolSpec[] = Array.from({ length: 100 }, (_, i) => ({
      name: `tool_${i}`,
      description: `Tool number ${i} looks things up in service ${i} and returns what it finds${i === 50 ? ` ${MARK}` : ''}`,
      parameters: { type: 'object', properties: { query: { type: 'string', description: `What to look up in service ${i}` }, limit: { type: 'integer', description: 'How many results at most' } }, required: ['query'] },
    }));
    const path = writePlayground('hundred.playground.json', playgroundText(tools, { format: 'fc-v1' }));
    const frame = await openPlaygroundFile(page, path, 'hundred.playground.json');
    await showPane(frame, 'Tools');
    await promptText(frame, 'the 100-tool prompt', (t) => t.includes('tool_99') && t.includes(MARK));
    const textarea = frame.locator('#tools-text');
    await textarea.click();
    await textarea.evaluate(placeCaret, MARK);
    const times: number[] = [];
    for (let i = 0; i < KEYSTROKES; i++) {
      const expected = `${MARK}${'x'.repeat(i + 1)}`;
      await textarea.evaluate(armKeystrokeTimer, { expected, marker: MARK, deadlineMs: KEYSTROKE_DEADLINE_MS });
      await page.keyboard.press('x');
      times.push(await textarea.evaluate(() => (globalThis as unknown as { __xlamKeystroke: Promise<number> }).__xlamKeystroke));
    }
    // The prompt shown at each keystroke is made in the webview; the host's render of the same
    // text must then be the same bytes (the preview is what the model receives).
    const seenLocally = await frame.locator('#prompt-blocks').textContent();
    const fromHost = await waitFor('the host\'s render of the typed text', UI_TIMEOUT, async () =>
      (await frame.locator('#prompt-blocks').getAttribute('data-source')) === 'host' ? frame.locator('#prompt-blocks').textContent() : undefined,
    );
    assert.equal(fromHost, seenLocally, 'the host renders the same prompt the webview showed');
    await screenshot('playground-keystrokes');
    const sorted = [...times].sort((a, b) => a - b);
    const p50 = Math.round(percentile(sorted, 50) * 10) / 10;
    const p95 = Math.round(percentile(sorted, 95) * 10) / 10;
    const dir = process.env.XLAM_E2E_RESULTS ?? join(repoRoot(), 'test-results', 'e2e');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'metrics.json'), `${JSON.stringify({ playgroundKeystrokeMs: { p50, p95, n: times.length } }, null, 2)}\n`);
    measure('playground keystroke → prompt pane (100 tools)', `p50 ${p50} ms, p95 ${p95} ms over ${times.length} keystrokes`);
    assert.equal(times.length, KEYSTROKES);
    await closeAllEditors(page);
  },
};

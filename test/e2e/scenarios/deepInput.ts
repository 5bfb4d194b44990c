import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../harness/steps';
import { activeEditorText, activeTab, answerInputBox, errorNotifications, openPath, problemRows, quickOpen, runCommand, showProblemsUnder } from '../harness/workbench';
import { openPlaygroundFile } from './playgroundFixtures';
import type { Scenario } from './types';

const FILE = 'deep.tools.json';
const LEVELS = 5000;
const TIMEOUT = 30_000;

/** A tool whose parameter default nests 5,000 arrays deep: past what Python's json.loads reads. */
function deepTools(): string {
  return `[{"name": "deep", "description": "A tool whose default value nests far too deep", "parameters": {"type": "object", "properties": {"x": {"type": "array", "description": "nested", "default": ${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}}}}}]\n`;
}

/** 1-based column of the bracket that opens nesting level `limit + 1` (one-line JSON, no brackets in strings). */
function columnPastDepth(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[' || text[i] === '{') {
      if (depth === limit) return i + 1;
      depth++;
    } else if (text[i] === ']' || text[i] === '}') depth--;
  }
  throw new Error('the test file does not pass the limit');
}

/**
 * Issue 15 in the real VS Code: a tools file nested 5,000 levels deep gets the located
 * json-too-deep problem in the Problems panel and a located error from Render Prompt Preview (no
 * stack overflow in the extension host), and the extension keeps working afterwards.
 */
export const deepInput: Scenario = {
  name: 'tools, playground and suite files nested 5,000 levels deep get located errors and the extension keeps working',
  timeoutMs: 120_000,
  async run({ page, screenshot, onCleanup }) {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-e2e-deep-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, FILE);
    const text = deepTools();
    writeFileSync(path, text);
    await openPath(page, path, FILE);

    onCleanup(await showProblemsUnder(page, dir));
    const column = columnPastDepth(text, 995);
    const row = await waitFor('the json-too-deep entry in the Problems panel', TIMEOUT, async () => {
      return (await problemRows(page)).find((r) => r.includes('json-too-deep'));
    });
    assert.match(row, new RegExp(`\\[Ln 1, Col ${column}\\]`), `located at the bracket that passes the limit: ${row}`);

    await activeTab(page, FILE).click();
    await runCommand(page, 'xLAM: Render Prompt Preview');
    await answerInputBox(page, 'The user query', 'anything');
    const message = await waitFor('an error notification about the deep file', TIMEOUT, async () => (await errorNotifications(page)).find((m) => m.includes('json-too-deep')));
    assert.match(message, new RegExp(`${FILE}:1:${column}`), `the error names file:line:col: ${message}`);
    assert.doesNotMatch(message, /RangeError|Maximum call stack|internal error/);
    await screenshot('deep-input-error');

    // The playground and the suite readers share the limit: a deep playground file opens in the
    // playground with the located error in the view; a deep suite gets it in the Problems panel.
    const deepDefault = `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`;
    const playgroundPath = join(dir, 'deep.playground.json');
    const playgroundText = `{"version": 1, "tools": [], "messages": [{"role": "user", "content": "hi"}], "mocks": {"x": [{"result": ${deepDefault}}]}}\n`;
    writeFileSync(playgroundPath, playgroundText);
    const frame = await openPlaygroundFile(page, playgroundPath, 'deep.playground.json');
    const shown = await waitFor('the playground to show the located json-too-deep error', TIMEOUT, async () => {
      const problems = frame.locator('#document-problems');
      const text = (await problems.isVisible().catch(() => false)) ? await problems.innerText() : '';
      return text.includes('json-too-deep') ? text : undefined;
    });
    assert.match(shown, new RegExp(`1:${columnPastDepth(playgroundText, 995)} json-too-deep`), `located: ${shown}`);
    await screenshot('deep-input-playground');
    const suitePath = join(dir, 'deep.fctest.json');
    const suiteText = `{"cases": [{"id": "a", "query": "q", "expect": {"calls": [{"name": "f", "arguments": {"x": ${deepDefault}}}]}}]}\n`;
    writeFileSync(suitePath, suiteText);
    await openPath(page, suitePath, 'deep.fctest.json');
    await runCommand(page, 'View: Focus Problems');
    const suiteRow = await waitFor('the json-too-deep entry of the deep suite in the Problems panel', TIMEOUT, async () => {
      return (await problemRows(page)).find((r) => r.includes('json-too-deep') && r.includes(`Col ${columnPastDepth(suiteText, 995)}]`));
    });
    assert.match(suiteRow, /\[Ln 1, Col \d+\]/);

    // Still working: the example renders as before.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await quickOpen(page, 'weather.tools.json');
    await runCommand(page, 'xLAM: Render Prompt Preview');
    await answerInputBox(page, 'The user query', 'Weather in Paris?');
    await waitFor('the weather preview to render after the deep file', TIMEOUT, async () => (await activeEditorText(page)).includes('[BEGIN OF AVAILABLE TOOLS]'));
  },
};

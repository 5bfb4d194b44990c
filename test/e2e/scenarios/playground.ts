import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { GiveUp, waitFor } from '../harness/steps';
import { activeTab, quickOpen, runCommand } from '../harness/workbench';
import { backupsWith, blockTokens, closeAllEditors, openPlaygroundFile, playgroundFrame, playgroundText, promptText, showPane, writePlayground } from './playgroundFixtures';
import type { Scenario } from './types';

/**
 * The playground in the real VS Code: opened from a tools file, typed into, switched between
 * formats, fed hostile text, reloaded and closed with unsaved changes. Each leaves
 * test-results/e2e/playground-*.png. The engine runs are in playgroundRun.ts.
 */
const UI_TIMEOUT = 30_000;

/** Runs in the webview (the harness compiles without DOM types, hence the structural type). */
export function placeCaret(el: unknown, marker: string): void {
  const area = el as { value: string; focus(): void; setSelectionRange(start: number, end: number): void };
  const at = area.value.indexOf(marker) + marker.length;
  area.focus();
  area.setSelectionRange(at, at);
}

/** Puts the caret right after `marker` in the Tools pane's text (the first occurrence). */
async function caretAfter(frame: FrameLocator, marker: string): Promise<void> {
  const textarea = frame.locator('#tools-text');
  await textarea.click();
  await textarea.evaluate(placeCaret, marker);
}

/** Chooses a format in the Prompt pane's select, as a person does (open the list, click the entry). */
async function chooseFormat(frame: FrameLocator, format: string): Promise<void> {
  const select = frame.locator('#format-select');
  await select.click();
  const option = select.locator('li, .option', { hasText: new RegExp(`^\\s*${format.replace(/[-]/g, '\\-')}\\s*$`) }).first();
  await option.click({ timeout: 5000 });
}

export const playgroundOpen: Scenario = {
  name: 'playground: a tools file offers Open in Playground (CodeLens, title action); the command opens it rendered',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    await quickOpen(page, 'weather.tools.json');
    const lens = page.locator('.contentWidgets .codelens-decoration, .monaco-editor .codelens-decoration', { hasText: 'Open in Playground' }).first();
    await lens.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.locator('.editor-group-container.active .editor-actions [aria-label*="Open Playground"]').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await runCommand(page, 'xLAM: Open Playground');
    await activeTab(page, 'weather.playground.json').waitFor({ timeout: UI_TIMEOUT });
    const frame = playgroundFrame(page);
    await promptText(frame, 'the fc-v1 prompt with get_weather', (t) => t.includes('[BEGIN OF AVAILABLE TOOLS]') && t.includes('get_weather'));
    await frame.locator('#prompt-kinds tr[data-kind="tools"]').waitFor({ timeout: UI_TIMEOUT });
    assert.ok((await blockTokens(frame, 'tools')) > 0, 'the tools block has a token count');
    await screenshot('playground-open');
    await closeAllEditors(page);
  },
};

export const playgroundEdit: Scenario = {
  name: 'playground: typing a tool description re-renders the prompt and its token count; a format switch changes the prompt; closing unsaved asks to save',
  timeoutMs: 120_000,
  async run({ page, screenshot }) {
    const path = writePlayground('edit.playground.json', playgroundText([{ name: 'get_weather', description: 'Get the weather', parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' } }, required: ['city'] } }], { format: 'fc-v1', query: 'Weather in Paris?' }));
    const frame = await openPlaygroundFile(page, path, 'edit.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('Get the weather'));
    // The vocabulary loads on first use: wait for exact counts before comparing them.
    await waitFor('token counts from the deepseek-coder vocabulary', 60_000, async () => !/approximate/.test((await frame.locator('#prompt-counts-note').textContent()) ?? ''));
    const before = await blockTokens(frame, 'tools');
    await caretAfter(frame, 'Get the weather');
    await page.keyboard.type(' for a city, today and tomorrow, in degrees');
    await promptText(frame, 'the typed description in the prompt', (t) => t.includes('Get the weather for a city, today and tomorrow, in degrees'));
    // The webview shows the typed text at once with estimated counts; the host's exact ones follow.
    const after = await waitFor('the tools block\'s exact token count (from the host) to grow', UI_TIMEOUT, async () => {
      if ((await frame.locator('#prompt-blocks').getAttribute('data-source')) !== 'host') return undefined;
      if (/approximate|counting/.test((await frame.locator('#prompt-counts-note').textContent()) ?? '')) return undefined;
      const n = await blockTokens(frame, 'tools');
      return n > before ? n : undefined;
    });
    assert.ok(after > before, `tools block tokens ${before} → ${after}`);
    await screenshot('playground-type');
    await page.locator('.editor-group-container.active .tab.active.dirty').waitFor({ timeout: UI_TIMEOUT });

    await showPane(frame, 'Prompt');
    await chooseFormat(frame, 'xlam2-qwen').catch(async () => {
      // The list did not open as expected: choose through the element's own API (still a change event).
      await frame.locator('#format-select').evaluate((el) => {
        const select = el as { value: string; dispatchEvent(event: unknown): boolean };
        select.value = 'xlam2-qwen';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
    });
    const qwen = await promptText(frame, 'the xlam2-qwen prompt', (t) => t.includes('<|im_start|>'));
    assert.match(qwen, /get_weather/);
    assert.equal(await frame.locator('#prompt-blocks').getAttribute('data-format'), 'xlam2-qwen');
    await screenshot('playground-format');

    // The tab's own close button, as a person closes it (the palette's fuzzy order varies).
    const tab = activeTab(page, 'edit.playground.json');
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    const dialog = page.locator('.monaco-dialog-box');
    // Either the "save changes?" dialog, or (a lost edit) the tab gone without one: say which.
    await waitFor('the "save changes?" dialog after closing the unsaved playground', UI_TIMEOUT, async () => {
      if ((await dialog.count()) > 0 && (await dialog.isVisible())) return true;
      if ((await page.locator('.tabs-container .tab', { hasText: 'edit.playground.json' }).count()) === 0) {
        const onDisk = readFileSync(path, 'utf8').includes('in degrees') ? 'with' : 'without';
        throw new GiveUp(`the unsaved playground closed without asking to save (the file on disk is ${onDisk} the typed text)`);
      }
      return false;
    });
    assert.match(await dialog.innerText(), /save the changes/i);
    await screenshot('playground-close-unsaved');
    await dialog.locator('.monaco-button', { hasText: "Don't Save" }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  },
};

const PAYLOAD = `<script>window.__xlamXss = "script"</script><img src=x onerror="window.__xlamXss = 'img'"> <a href="javascript:window.__xlamXss='js'">link</a>`;

async function noScriptRan(frame: FrameLocator): Promise<void> {
  const verdict = await frame.locator('body').evaluate((body) => {
    const page = globalThis as unknown as { __xlamXss?: unknown };
    const root = body as { querySelectorAll(selector: string): { length: number } };
    return { flag: page.__xlamXss ?? null, imgs: root.querySelectorAll('img').length, anchors: root.querySelectorAll('a').length, inlineScripts: root.querySelectorAll('script:not([src])').length };
  });
  assert.deepEqual(verdict, { flag: null, imgs: 0, anchors: 0, inlineScripts: 0 }, 'no payload element was created and no payload script ran');
}

export const playgroundXss: Scenario = {
  name: 'playground: <script>, <img onerror> and javascript: in tools and model output render as text; a run without an engine says how to get one',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    const lastRun = { output: `[{"name": "${PAYLOAD.replace(/"/g, '\\"')}", "arguments": {}}] ${PAYLOAD}`, calls: [{ name: PAYLOAD, arguments: { url: "javascript:window.__xlamXss='call'" } }], finishReason: 'stop' };
    const path = writePlayground('xss.playground.json', playgroundText([{ name: 'fetch_page', description: PAYLOAD }], { query: PAYLOAD, lastRun }));
    const frame = await openPlaygroundFile(page, path, 'xss.playground.json');
    const text = await promptText(frame, 'the payload in the prompt as text', (t) => t.includes('<script>window.__xlamXss'));
    assert.ok(text.includes('<img src=x onerror='), 'the img tag is text');
    await noScriptRan(frame);
    await screenshot('playground-xss-prompt');
    await showPane(frame, 'Run');
    await waitFor('the last run output as text', UI_TIMEOUT, async () => ((await frame.locator('#run-steps pre.raw').first().textContent()) ?? '').includes('<script>'));
    await noScriptRan(frame);
    await screenshot('playground-xss-run');

    await frame.locator('#run').click();
    const error = frame.locator('#run-error');
    await error.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    assert.match(await error.innerText(), /No model loaded/);
    await frame.locator('#run-error-action', { hasText: 'Select Engine' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot('playground-no-engine');
    await closeAllEditors(page);
  },
};

async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

export const playgroundReload: Scenario = {
  name: 'playground: after a window reload the playground comes back with the same content',
  timeoutMs: 150_000,
  async run({ page, screenshot, userDataDir }) {
    const path = writePlayground('reload.playground.json', playgroundText([{ name: 'ping', description: 'Check that the service answers' }]));
    let frame = await openPlaygroundFile(page, path, 'reload.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('"ping"'));
    await showPane(frame, 'Tools');
    await frame.locator('#add-tool').click();
    await promptText(frame, 'the added tool in the prompt', (t) => t.includes('new_tool'));
    // Ctrl+S from the playground (the webview passes it to the workbench), as a person saves.
    await activeTab(page, 'reload.playground.json').click();
    await page.keyboard.press('Control+S');
    await waitFor('the file on disk to have the new tool', UI_TIMEOUT, () => readFileSync(path, 'utf8').includes('new_tool'));
    await runCommand(page, 'Developer: Reload Window');
    await waitForWorkbench(page);
    await activeTab(page, 'reload.playground.json').waitFor({ timeout: 60_000 });
    frame = playgroundFrame(page);
    const text = await promptText(frame, 'the reloaded playground with the added tool', (t) => t.includes('new_tool'), 60_000);
    assert.ok(text.includes('"ping"'));
    await screenshot('playground-reload');

    // Unsaved edits survive a reload too (VS Code's own backups of the text document: hot exit).
    await showPane(frame, 'Tools');
    await caretAfter(frame, 'Check that the service answers');
    await page.keyboard.type(' within a second');
    await promptText(frame, 'the typed, unsaved description in the prompt', (t) => t.includes('answers within a second'));
    await page.locator('.editor-group-container.active .tab.active.dirty').waitFor({ timeout: UI_TIMEOUT });
    assert.ok(!readFileSync(path, 'utf8').includes('within a second'), 'the typed text is not on disk (not saved)');
    // A browser page cannot hold its unload for a write: VS Code backs up a dirty file shortly after
    // each change, and a reload restores that backup. Reload once it is written, as it would be
    // a moment after a person stops typing.
    await waitFor('VS Code\'s backup of the unsaved playground', UI_TIMEOUT, () => backupsWith(userDataDir, 'within a second').length > 0);
    await runCommand(page, 'Developer: Reload Window');
    await waitForWorkbench(page);
    await activeTab(page, 'reload.playground.json').waitFor({ timeout: 60_000 });
    frame = playgroundFrame(page);
    const restored = await promptText(frame, 'the reloaded playground with the unsaved description', (t) => t.includes('answers within a second'), 60_000);
    assert.ok(restored.includes('new_tool'), 'the saved tool is still there');
    await page.locator('.editor-group-container.active .tab.active.dirty').waitFor({ timeout: UI_TIMEOUT });
    assert.ok(!readFileSync(path, 'utf8').includes('within a second'), 'the reload did not save the file');
    await screenshot('playground-reload-unsaved');
    await closeAllEditors(page);
  },
};

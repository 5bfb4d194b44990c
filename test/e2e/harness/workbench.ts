import type { Locator, Page } from 'playwright-core';
import { waitFor } from './steps';

/**
 * The few VS Code workbench gestures the scenarios need, done the way a person does them
 * (keyboard, Quick Open, the command palette, the Output panel) and read back from the DOM.
 * Every wait is Playwright's auto-waiting or waitFor, each with a timeout.
 */
const UI_TIMEOUT = 30_000;

/** Monaco renders spaces as U+00A0 in its view lines; compare text as a person reads it. */
export function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export async function openWorkbench(page: Page, url: string, expectFile: string): Promise<void> {
  await page.goto(url, { timeout: UI_TIMEOUT });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The folder is open once the explorer lists its files.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: expectFile }).first().waitFor({ timeout: 60_000 });
}

function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

async function pickFromQuickInput(page: Page, typed: string, rowText: string | RegExp): Promise<void> {
  const input = quickInput(page).locator('input.input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.pressSequentially(typed);
  // Wait until the list shows the row we want, focused as the first match, then accept it.
  const row = quickInput(page).locator('.monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await waitFor(`"${String(rowText)}" to be the focused quick pick entry`, UI_TIMEOUT, async () => {
    const focused = await quickInput(page).locator('.monaco-list-row.focused').first().textContent().catch(() => null);
    return focused !== null && (typeof rowText === 'string' ? focused.includes(rowText) : rowText.test(focused));
  });
  await page.keyboard.press('Enter');
}

/** Ctrl+P, type the file name, Enter; waits until its editor tab is the active one. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  await pickFromQuickInput(page, fileName, fileName);
  await activeTab(page, fileName).waitFor({ timeout: UI_TIMEOUT });
}

/** F1, type the command title, Enter (the palette's own filter, as a person would use it). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await pickFromQuickInput(page, title, title);
}

/** Waits for an input box whose prompt contains `prompt`, types `text`, presses Enter. */
export async function answerInputBox(page: Page, prompt: string, text: string): Promise<void> {
  await quickInput(page).locator('.quick-input-message', { hasText: prompt }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const input = quickInput(page).locator('input.input');
  await input.fill(text);
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** The active tab of the active editor group (each group has an active tab of its own). */
export function activeTab(page: Page, titlePart: string): Locator {
  return page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: titlePart });
}

/** The text of the active editor in the editor area, as rendered (visible lines only). */
export async function activeEditorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
  return normalize((await lines.innerText({ timeout: UI_TIMEOUT })) ?? '');
}

/** The language shown in the status bar for the active editor (e.g. "xLAM Prompt"). */
export async function statusBarLanguage(page: Page): Promise<string> {
  return (await page.locator('#status\\.editor\\.mode').innerText({ timeout: UI_TIMEOUT })).trim();
}

/**
 * Opens the Output view ("Output: Focus on Output View") and picks `channel` in its channel
 * dropdown once the channel exists (it appears when the extension host creates it); returns the
 * Output view's text. The dropdown is a native <select> in the web workbench, so choosing an
 * option is Playwright's selectOption, the same change event a person's choice makes.
 */
export async function showOutputChannel(page: Page, channel: string): Promise<Locator> {
  await runCommand(page, 'Output: Focus on Output View');
  const picker = page.locator('.part.panel select.monaco-select-box').first();
  await picker.locator('option', { hasText: channel }).waitFor({ state: 'attached', timeout: 60_000 });
  await picker.selectOption(channel);
  const view = page.locator('.part.panel .monaco-editor .view-lines').first();
  await view.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  return view;
}

/** Waits until the Output view shows a line matching `pattern`; returns that line. */
export async function waitForOutputLine(view: Locator, pattern: RegExp, timeoutMs = UI_TIMEOUT): Promise<string> {
  return waitFor(`an Output line matching ${String(pattern)}`, timeoutMs, async () => {
    const lines = normalize(await view.innerText()).split('\n');
    return lines.find((line) => pattern.test(line));
  });
}

/** The messages of notification toasts currently showing with error severity. */
export async function errorNotifications(page: Page): Promise<string[]> {
  const toasts = page.locator('.notification-toast-container .notification-list-item').filter({ has: page.locator('.codicon-error') });
  return (await toasts.allInnerTexts()).map((text) => text.trim());
}

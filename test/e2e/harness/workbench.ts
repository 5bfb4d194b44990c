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

/**
 * Waits until the quick input is showing with keyboard focus in its own input box. A quick input
 * closes when it loses focus, and keys pressed then go to whatever took the focus (an editor
 * that grabbed it a moment later): so nothing is typed or accepted until this holds.
 */
export async function quickInputFocused(page: Page, what: string): Promise<Locator> {
  const input = quickInput(page).locator('input.input');
  await waitFor(`${what}: the quick input to show with the keyboard focus in its input box`, UI_TIMEOUT, () => quickInputHasFocus(page));
  return input;
}

/** Whether the keyboard focus is in the showing quick input's box, now. */
function quickInputHasFocus(page: Page): Promise<boolean> {
  // A string, because the harness compiles without the DOM's types; it runs in the page.
  return page.evaluate<boolean>(`(() => {
    const active = document.activeElement;
    return active instanceof HTMLInputElement && active.closest('.quick-input-widget') !== null && active.offsetParent !== null;
  })()`);
}

/**
 * Opens a quick input with `key` and waits until it is showing, focused, with the value it opens
 * with (`opensWith`: ">" for the command palette, "" for Quick Open). The previous quick input
 * must be gone first: a palette opened while Quick Open is still closing takes over its text
 * (">weather.tools.json"), and a command typed after that matches nothing.
 */
async function openQuickInput(page: Page, key: string, opensWith: string, what: string): Promise<Locator> {
  await waitFor(`${what}: the previous quick input to close before ${key}`, UI_TIMEOUT, async () => (await quickInput(page).locator('input.input:visible').count()) === 0);
  await page.keyboard.press(key);
  const input = await quickInputFocused(page, `${what} (${key})`);
  await waitFor(`${what}: the box opened by ${key} to hold ${JSON.stringify(opensWith)}`, UI_TIMEOUT, async () => {
    const value = await input.inputValue();
    if (value !== opensWith) throw new Error(`it holds ${JSON.stringify(value)}`);
    return true;
  });
  return input;
}

/** What the quick input shows, for an error message: its text and its first rows. */
async function describeQuickInput(page: Page): Promise<string> {
  const value = await quickInput(page).locator('input.input').inputValue().catch(() => '(no input box)');
  const rows = (await quickInput(page).locator('.monaco-list-row .label-name').allTextContents().catch(() => [])).slice(0, 6).map((row) => normalize(row).trim());
  return `the box holds ${JSON.stringify(value)}; rows: ${rows.length === 0 ? 'none' : rows.join(' | ')}`;
}

async function pickFromQuickInput(page: Page, input: Locator, text: string, rowText: string | RegExp): Promise<void> {
  // fill() sets this input's value, whatever has the focus; typing key by key would not.
  await input.fill(text);
  // Wait until the list shows the row we want, focused as the first match, then accept it.
  await waitFor(`"${String(rowText)}" to be the focused quick pick entry`, UI_TIMEOUT, async () => {
    const focused = await quickInput(page).locator('.monaco-list-row.focused').first().textContent({ timeout: 1000 }).catch(() => null);
    if (typeof rowText !== 'string') {
      if (focused !== null && rowText.test(focused)) return true;
      throw new Error(await describeQuickInput(page));
    }
    // "View: Close Editor" is part of "View: Close Editor Group": when a row is labelled exactly
    // the text, only that row will do; a partial match counts only when no row is exact.
    const labels = (await quickInput(page).locator('.monaco-list-row .label-name').allTextContents()).map((label) => normalize(label).trim());
    if (labels.includes(rowText)) {
      const focusedLabel = normalize((await quickInput(page).locator('.monaco-list-row.focused .label-name').first().textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
      if (focusedLabel === rowText) return true;
      // The exact row is listed below a fuzzier match: move to it, as a person does with ↓.
      if (await quickInputHasFocus(page)) await page.keyboard.press('ArrowDown');
      throw new Error(await describeQuickInput(page));
    }
    if (focused !== null && focused.includes(rowText)) return true;
    throw new Error(await describeQuickInput(page));
  });
  await quickInputFocused(page, `accepting "${String(rowText)}"`);
  await page.keyboard.press('Enter');
}

/**
 * Ctrl+P, `typed` (a file name, or an absolute path for a file outside the workspace), Enter on
 * the row of `fileName`; waits until its tab is the active one. A custom editor (the playground)
 * has no text editor to focus, so this stops at the tab.
 */
export async function quickOpenTab(page: Page, typed: string, fileName: string): Promise<void> {
  const input = await openQuickInput(page, 'Control+P', '', `opening ${typed}`);
  await pickFromQuickInput(page, input, typed, fileName);
  await activeTab(page, fileName).waitFor({ timeout: UI_TIMEOUT });
}

/**
 * Opens a workspace file with Quick Open; waits until its editor tab is the active one and its
 * editor has the keyboard focus (the next gesture, a command for this file, goes to it).
 */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await quickOpenTab(page, fileName, fileName);
  await editorFocused(page, fileName);
}

/** F1, the command title, Enter (the palette's own filter, as a person would use it). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openQuickInput(page, 'F1', '>', `running "${title}"`);
  await pickFromQuickInput(page, input, `>${title}`, title);
}

/**
 * In a quick pick a command opened (its input's placeholder contains `placeholder`, so it is not
 * the palette still closing), types `name` and accepts the row labelled with it.
 */
export async function pickInQuickPick(page: Page, placeholder: string, name: string): Promise<void> {
  await waitFor(`the quick pick "${placeholder}" to show`, UI_TIMEOUT, async () => ((await quickInput(page).locator('input.input:visible').getAttribute('placeholder').catch(() => null)) ?? '').includes(placeholder));
  const input = await quickInputFocused(page, `picking "${name}" in "${placeholder}"`);
  await pickFromQuickInput(page, input, name, name);
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

/**
 * Opens a file by its absolute path through Quick Open (Ctrl+P), as a person opens a file outside
 * the workspace; waits until its tab is the active one and its editor has the keyboard focus.
 */
export async function openPath(page: Page, path: string, fileName: string): Promise<void> {
  await quickOpenTab(page, path, fileName);
  await editorFocused(page, fileName);
}

/** Waits until the keyboard focus is in the text editor of the active editor group (not a panel). */
export async function editorFocused(page: Page, fileName: string): Promise<void> {
  await activeTab(page, fileName).waitFor({ timeout: UI_TIMEOUT });
  await waitFor(`the editor of ${fileName} to have the keyboard focus`, UI_TIMEOUT, () =>
    page.evaluate<boolean>(`document.activeElement?.closest('.editor-group-container.active .monaco-editor') != null`),
  );
}

/**
 * Puts the cursor at line:column of the active editor with Go to Line (Ctrl+G), each step
 * waiting for what it needs: the editor focused before Ctrl+G, the Go to Line box focused before
 * the position goes in, the status bar showing the new position after Enter, and the editor
 * focused again. (A position typed while the box was not focused went into the file instead.)
 */
export async function goToLineColumn(page: Page, fileName: string, line: number, column: number): Promise<void> {
  await editorFocused(page, fileName);
  await page.keyboard.press('Control+G');
  const input = await quickInputFocused(page, 'Go to Line');
  await waitFor('the Go to Line box to start with ":"', UI_TIMEOUT, async () => (await input.inputValue()).startsWith(':'));
  await input.fill(`:${line}:${column}`);
  await quickInput(page).locator('.monaco-list-row', { hasText: `line ${line} and character ${column}` }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await quickInputFocused(page, `accepting line ${line} and character ${column}`);
  await page.keyboard.press('Enter');
  await waitFor(`the status bar to show Ln ${line}, Col ${column}`, UI_TIMEOUT, async () => {
    const text = await page.locator('#status\\.editor\\.selection').innerText({ timeout: 1000 }).catch(() => '');
    return normalize(text).includes(`Ln ${line}, Col ${column}`);
  });
  await editorFocused(page, fileName);
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

/**
 * Shows the Problems panel filtered to the files under `folder` (other files' entries could push
 * these out of the panel's view); returns the clean-up that clears the filter again.
 */
export async function showProblemsUnder(page: Page, folder: string): Promise<() => Promise<void>> {
  const filter = page.locator('.part.panel .viewpane-filter input').first();
  await runCommand(page, 'View: Focus Problems');
  await filter.fill(`**/${folder.split('/').pop() ?? folder}/**`, { timeout: UI_TIMEOUT });
  return async () => {
    await runCommand(page, 'View: Focus Problems');
    await filter.fill('', { timeout: UI_TIMEOUT });
  };
}

/** The Problems panel's rows as shown, each on one line (runs of white space as one space). */
export async function problemRows(page: Page): Promise<string[]> {
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => [] as string[]);
  return rows.map((row) => row.replace(/\s+/g, ' '));
}

/**
 * Shows the Test Explorer. The activity bar's Testing icon toggles the side bar, so it is clicked
 * only when the explorer is not already shown (an earlier scenario may have left it open).
 */
export async function showTestExplorer(page: Page): Promise<void> {
  if (await page.locator('.test-explorer').first().isVisible()) return;
  await page.locator('.activitybar .action-item a[aria-label^="Testing"]').first().click({ timeout: UI_TIMEOUT });
}

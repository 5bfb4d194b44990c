import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { runToEnd } from '../harness/processes';
import { repoRoot, waitFor } from '../harness/steps';
import { normalize, showOutputChannel, waitForOutputLine } from '../harness/workbench';
import { LOG_CHANNEL } from './types';

/**
 * What the engine scenarios share: the tiny test model (our own CLI writes it in well under a
 * second) and a tools file outside the workspace, made once per run in a temp folder that goes
 * when the runner exits; plus the few workbench gestures the engine commands need.
 *
 * The tools file has one tool without parameters: with the grammar on, even the random test model
 * can only answer with valid `ping` calls, and greedy decoding reaches the grammar's call bound
 * (16 calls, about 550 tokens) well inside the default 1024 max tokens, so the result is fixed.
 */
export interface EngineFixtures {
  dir: string;
  modelPath: string;
  toolsPath: string;
}

export const TOOLS_FILE = 'ping.tools.json';
const UI_TIMEOUT = 30_000;

let fixtures: Promise<EngineFixtures> | undefined;

export function engineFixtures(): Promise<EngineFixtures> {
  fixtures ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-e2e-engine-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const modelPath = join(dir, 'tiny.gguf');
    await runToEnd(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'make-test-model', modelPath], { timeoutMs: 60_000 });
    const toolsPath = join(dir, TOOLS_FILE);
    const tools = [{ name: 'ping', description: 'Check that the service answers', parameters: { type: 'object', properties: {} } }];
    writeFileSync(toolsPath, `${JSON.stringify(tools, null, 2)}\n`);
    return { dir, modelPath, toolsPath };
  })();
  return fixtures;
}

function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/**
 * Answers the input box whose prompt contains `prompt`, then waits for that prompt to go (the
 * next input of the same command may reuse the widget at once, so "hidden" is not the signal).
 */
export async function answerPrompt(page: Page, prompt: string, text: string): Promise<void> {
  const message = quickInput(page).locator('.quick-input-message', { hasText: prompt });
  await message.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await quickInput(page).locator('input.input').fill(text);
  await page.keyboard.press('Enter');
  await message.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** Picks the quick-pick row labelled `label` (typed into the filter, then Enter). */
export async function pickItem(page: Page, placeholder: string, label: string): Promise<void> {
  const input = quickInput(page).locator(`input.input[placeholder*="${placeholder}"]`);
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(label);
  await waitFor(`"${label}" to be the focused quick pick entry`, UI_TIMEOUT, async () => {
    const focused = await quickInput(page).locator('.monaco-list-row.focused .label-name').first().textContent().catch(() => null);
    return focused?.trim() === label;
  });
  await page.keyboard.press('Enter');
}

/** The simple file dialog (code-server's open dialog): type the full path, press Enter. */
export async function chooseFileInDialog(page: Page, title: string, path: string): Promise<void> {
  await quickInput(page).locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const input = quickInput(page).locator('input.input');
  // The dialog lists its start folder asynchronously and then writes that folder into the input,
  // over anything typed before. Type (again) until the path has stayed put for three polls.
  let steady = 0;
  await waitFor(`the dialog to keep showing ${path}`, UI_TIMEOUT, async () => {
    if ((await input.inputValue()) === path) return ++steady >= 3;
    steady = 0;
    await input.fill(path);
    return false;
  });
  await page.keyboard.press('Enter');
  await quickInput(page).locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** Waits until the engine status-bar item's text matches `pattern`; returns the text. */
export async function waitForEngineStatus(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: 'xLAM' }).first();
  return waitFor(`the engine status bar item to match ${String(pattern)}`, timeoutMs, async () => {
    const text = normalize((await item.innerText({ timeout: 1000 })).trim());
    return pattern.test(text) ? text : undefined;
  });
}

/** A line of our log channel (shown in the Output view) matching `pattern`. */
export async function logLine(page: Page, pattern: RegExp, timeoutMs = UI_TIMEOUT): Promise<string> {
  const output = await showOutputChannel(page, LOG_CHANNEL);
  return waitForOutputLine(output, pattern, timeoutMs);
}

/** Info/warning/error toasts currently showing, as text. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return (await page.locator('.notification-toast-container .notification-list-item').allInnerTexts()).map((text) => normalize(text.trim()));
}

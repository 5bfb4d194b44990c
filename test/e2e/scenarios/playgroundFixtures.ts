import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor } from '../harness/steps';
import { quickOpenTab, runCommand } from '../harness/workbench';

/**
 * What the playground scenarios share: playground files written into a temp folder (gone when the
 * runner exits), opening one in its custom editor, and the webview's inner frame (code-server
 * puts a webview in iframe.webview, and its page in that frame's iframe#active-frame).
 */
const UI_TIMEOUT = 30_000;

let folder: string | undefined;

export function playgroundDir(): string {
  if (folder === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'xlam-e2e-playground-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  return folder;
}

export interface ToolSpec {
  name: string;
  description: string;
  parameters?: unknown;
}

/** A playground document's text (what seedPlayground writes, simplified). */
export function playgroundText(tools: ToolSpec[], options: { query?: string; format?: string; mocks?: Record<string, unknown[]>; lastRun?: unknown } = {}): string {
  const doc: Record<string, unknown> = {
    version: 1,
    format: options.format ?? 'fc-v1',
    variant: 'auto',
    sampling: { temperature: 0, maxTokens: 1024 },
    grammar: true,
    tools: tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.parameters ?? { type: 'object', properties: {} } })),
    messages: [{ role: 'user', content: options.query ?? 'Is the service up?' }],
    mocks: options.mocks ?? {},
  };
  if (options.lastRun !== undefined) doc.lastRun = options.lastRun;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function writePlayground(name: string, text: string): string {
  const path = join(playgroundDir(), name);
  writeFileSync(path, text);
  return path;
}

/** Opens a file by absolute path with Quick Open; waits for its tab (a custom editor has no text editor to focus). */
export async function openPlaygroundFile(page: Page, path: string, fileName: string): Promise<FrameLocator> {
  await quickOpenTab(page, path, fileName);
  return playgroundFrame(page);
}

/** The playground page of the visible webview. */
export function playgroundFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Waits until the prompt pane has rendered (at least `after + 1` renders) and returns its text. */
export async function promptText(frame: FrameLocator, what: string, accept: (text: string) => boolean, timeoutMs = UI_TIMEOUT): Promise<string> {
  const blocks = frame.locator('#prompt-blocks');
  return waitFor(what, timeoutMs, async () => {
    const text = await blocks.textContent({ timeout: 1000 }).catch(() => null);
    return text !== null && accept(text) ? text : undefined;
  });
}

/** The token count of the first prompt block of `kind`. */
export async function blockTokens(frame: FrameLocator, kind: string): Promise<number> {
  return Number(await frame.locator(`#prompt-blocks .block[data-kind="${kind}"]`).first().getAttribute('data-tokens', { timeout: UI_TIMEOUT }));
}

/** Selects a tab of the playground (Tools, Conversation, Mocks, Prompt, Run). */
export async function showPane(frame: FrameLocator, pane: string): Promise<void> {
  await frame.locator(`vscode-tab-header[data-pane="${pane}"]`).click();
}

/** Closes every editor, answering "Don't Save" to any save prompt (clean state for the next scenario). */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
  await waitFor('every editor to close (answering "Don\'t Save")', UI_TIMEOUT, async () => {
    if (await dontSave.isVisible().catch(() => false)) await dontSave.click().catch(() => undefined);
    return (await page.locator('.editor-group-container .tabs-container .tab').count()) === 0;
  });
}

export function textOf(locator: Locator): Promise<string> {
  return locator.innerText({ timeout: UI_TIMEOUT });
}

/** The files under VS Code's backups folder (User/Backups/ in the user data folder) whose text includes `needle`. */
export function backupsWith(userDataDir: string, needle: string): string[] {
  const root = join(userDataDir, 'User', 'Backups');
  if (!existsSync(root)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (readFileSync(path, 'utf8').includes(needle)) found.push(path);
  }
  return found;
}

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

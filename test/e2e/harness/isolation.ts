import { copyFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from './steps';
import { normalize, runCommand } from './workbench';

/**
 * What makes UI scenarios independent of each other: before each one the runner puts the
 * workbench in a known state (no quick input, no dialog, no editors (unsaved changes discarded),
 * no notifications, the panel hidden, no engine loaded), and checks that it holds; after a
 * failure, it saves what the failure looked like before anything is cleaned up.
 */
const RESET_TIMEOUT = 30_000;

async function pressEscapeUntilQuiet(page: Page): Promise<void> {
  await waitFor('no quick input, menu or context view to be open', RESET_TIMEOUT, async () => {
    const open = await page.locator('.quick-input-widget:visible, .action-widget:visible, .context-view:visible .monaco-menu').count();
    if (open === 0) return true;
    await page.keyboard.press('Escape');
    return false;
  });
}

/** Answers a "save changes?" dialog with Don't Save, if one is showing. */
async function dismissSaveDialog(page: Page): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  if ((await dialog.count()) === 0) return;
  await dialog.locator('.monaco-button', { hasText: /Don.t Save/ }).first().click({ timeout: RESET_TIMEOUT });
  await dialog.waitFor({ state: 'detached', timeout: RESET_TIMEOUT });
}

export async function resetWorkbench(page: Page): Promise<void> {
  await pressEscapeUntilQuiet(page);
  await dismissSaveDialog(page);
  if ((await page.locator('.tabs-container .tab').count()) > 0) {
    await runCommand(page, 'View: Close All Editors');
    // Closing an editor with unsaved changes asks first; a scenario's edits are thrown away.
    await waitFor('every editor to close (answering "save changes?" with Don\'t Save)', RESET_TIMEOUT, async () => {
      await dismissSaveDialog(page);
      return (await page.locator('.tabs-container .tab').count()) === 0;
    });
  }
  await runCommand(page, 'Notifications: Clear All Notifications');
  if (await page.locator('.part.panel:visible').count()) await runCommand(page, 'View: Hide Panel');
  const engine = page.locator('.part.statusbar .statusbar-item', { hasText: 'xLAM' }).first();
  if ((await engine.count()) > 0 && !normalize(await engine.innerText()).includes('no model')) {
    await runCommand(page, 'xLAM: Unload Model');
    await waitFor('the engine status bar item to say "no model"', RESET_TIMEOUT, async () => normalize(await engine.innerText()).includes('no model'));
  }
  await waitFor('the workbench to be in its known state (no editor, quick input, dialog, toast or panel)', RESET_TIMEOUT, async () => {
    const counts = await Promise.all(
      ['.tabs-container .tab', '.quick-input-widget:visible', '.monaco-dialog-box', '.notification-toast-container .notification-list-item', '.part.panel:visible'].map((selector) => page.locator(selector).count()),
    );
    return counts.every((count) => count === 0);
  });
}

/** Our log channel's file in a code-server user-data folder (the newest session's). */
export function findExtensionLog(userDataDir: string): string | undefined {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, depth + 1);
      else if (name.endsWith('xLAM Tool Lab.log')) found.push(path);
    }
  };
  walk(join(userDataDir, 'logs'), 0);
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/**
 * A failed scenario's evidence, next to its screenshot: `<slug>-FAILED.png` (taken first, as the
 * failure left the screen), `<slug>-FAILED.problems.txt` (the Problems list at that moment) and
 * `<slug>-FAILED.log` (the extension's log channel). Each part is best effort: a broken
 * workbench must not hide the scenario's own error. Returns the files written.
 */
export async function saveFailureEvidence(page: Page, resultsDir: string, slug: string, userDataDir: string): Promise<string[]> {
  const written: string[] = [];
  const shot = join(resultsDir, `${slug}-FAILED.png`);
  if (await page.screenshot({ path: shot }).then(() => true, () => false)) written.push(shot);
  const log = findExtensionLog(userDataDir);
  if (log) {
    copyFileSync(log, join(resultsDir, `${slug}-FAILED.log`));
    written.push(join(resultsDir, `${slug}-FAILED.log`));
  }
  const problems = join(resultsDir, `${slug}-FAILED.problems.txt`);
  try {
    await pressEscapeUntilQuiet(page);
    await runCommand(page, 'View: Focus Problems');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
    const lines = (await rows.allInnerTexts()).map((row) => normalize(row).replace(/\s*\n\s*/g, ' '));
    writeFileSync(problems, `${lines.length === 0 ? '(the Problems panel is empty)' : lines.join('\n')}\n`);
  } catch (error) {
    writeFileSync(problems, `could not read the Problems panel: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  }
  written.push(problems);
  return written;
}

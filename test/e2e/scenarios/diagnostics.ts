import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/steps';
import { activeEditorText, activeTab, normalize, runCommand } from '../harness/workbench';
import type { Scenario } from './types';

/** A tools file with an unknown name in "required" (error) and a parameter without a description (warning). */
const BAD_TOOLS = `[
  {
    "name": "get_weather",
    "description": "Get the current weather in a given location",
    "parameters": {
      "type": "object",
      "properties": {
        "location": {"type": "string", "description": "The city and state"},
        "days": {"type": "integer"}
      },
      "required": ["location", "unit"]
    }
  }
]
`;
const FILE = 'broken.tools.json';
const UNKNOWN_REQUIRED = '"required" names "unit", which "properties" does not declare';
const NO_DESCRIPTION = 'parameter "days" has no description';
const FIX_TITLE = 'Remove "unit" from "required"';
const TIMEOUT = 30_000;

async function problemRows(page: Page): Promise<string[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  return (await rows.allInnerTexts().catch(() => [] as string[])).map(normalize);
}

/** 1-based line and column of the first `needle` in `text`. */
function lineColumn(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

/**
 * The lint in the editor: open a bad tools file (written to a temporary folder, outside examples/,
 * by its absolute path in Quick Open), read its entries in the Problems panel, put the cursor on
 * the error, apply the quick fix with Ctrl+. and see the entry go.
 */
export const diagnostics: Scenario = {
  name: 'a bad tools file shows lint problems and a quick fix repairs it',
  async run({ page, screenshot }) {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-e2e-lint-'));
    const path = join(dir, FILE);
    writeFileSync(path, BAD_TOOLS);
    try {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: TIMEOUT });
      await input.pressSequentially(path);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible', timeout: TIMEOUT });
      await page.keyboard.press('Enter');
      await activeTab(page, FILE).waitFor({ timeout: TIMEOUT });

      await runCommand(page, 'View: Focus Problems');
      const rows = await waitFor('both lint entries in the Problems panel', TIMEOUT, async () => {
        const shown = await problemRows(page);
        return shown.some((row) => row.includes(UNKNOWN_REQUIRED)) && shown.some((row) => row.includes(NO_DESCRIPTION)) ? shown : undefined;
      });
      assert.ok(
        rows.some((row) => row.includes(UNKNOWN_REQUIRED) && row.includes('required-unknown')),
        `the rule code is shown: ${rows.join(' | ')}`,
      );
      assert.ok(rows.some((row) => row.includes(NO_DESCRIPTION) && row.includes('param-description-missing')));
      await screenshot('diagnostics-problems');

      // Cursor on the error (Go to Line/Column), then Ctrl+. and the quick fix by its title.
      await activeTab(page, FILE).click();
      await page.keyboard.press('Control+G');
      await input.waitFor({ state: 'visible', timeout: TIMEOUT });
      await input.pressSequentially(lineColumn(BAD_TOOLS, '"unit"'));
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: FIX_TITLE }).first();
      await fix.waitFor({ state: 'visible', timeout: TIMEOUT });
      await screenshot('diagnostics-quick-fix');
      // The menu focuses the preferred fix first; Enter applies it, as from the keyboard.
      await waitFor('the quick fix to be the focused menu entry', TIMEOUT, async () => {
        const focused = await page.locator('.action-widget .monaco-list-row.focused').first().textContent().catch(() => null);
        return focused?.includes(FIX_TITLE) === true ? true : undefined;
      });
      await page.keyboard.press('Enter');

      await waitFor('the editor to show the repaired "required"', TIMEOUT, async () => ((await activeEditorText(page)).includes('"required": ["location"]') ? true : undefined));
      const after = await waitFor('the required-unknown entry to leave the Problems panel', TIMEOUT, async () => {
        const shown = await problemRows(page);
        return !shown.some((row) => row.includes(UNKNOWN_REQUIRED)) && shown.some((row) => row.includes(NO_DESCRIPTION)) ? shown : undefined;
      });
      assert.ok(!after.some((row) => row.includes('required-unknown')));
      await screenshot('diagnostics-fixed');
      await page.keyboard.press('Control+S');
      await waitFor('the fixed file to be saved', TIMEOUT, () => (readFileSync(path, 'utf8').includes('"required": ["location"]') ? true : undefined));
      assert.equal(readFileSync(path, 'utf8'), BAD_TOOLS.replace('["location", "unit"]', '["location"]'), 'the fix is a minimal edit');
    } finally {
      await page.keyboard.press('Escape').catch(() => undefined);
      await runCommand(page, 'View: Close All Editors').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

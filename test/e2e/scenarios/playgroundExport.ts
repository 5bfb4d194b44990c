import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, waitFor } from '../harness/steps';
import { activeEditorText, editorFocused, quickInputFocused } from '../harness/workbench';
import { chooseFileInDialog } from './engineFixtures';
import { closeAllEditors, openPlaygroundFile, playgroundDir, playgroundText, promptText, showPane, writePlayground } from './playgroundFixtures';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;
const TOOL = { name: 'get_weather', description: 'Get the weather of a city, in degrees', parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' }, days: { type: 'integer', description: 'Forecast days, 1.0 means one' } }, required: ['city'] } };
const QUERY = 'Weather in Zürich for 2 days?';

function python3(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

/** Picks a language in Export Code's list (its exact label, the filter typed, the focused row checked). */
async function pickLanguage(page: Parameters<Scenario['run']>[0]['page'], lang: string): Promise<void> {
  const input = await quickInputFocused(page, 'the Export Code list');
  await input.fill(lang);
  await page.locator('.quick-input-widget .monaco-list-row.focused .label-name', { hasText: new RegExp(`^${lang}$`) }).waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
}

/**
 * Export Code… in the playground's Prompt pane: python-prompt opens beside it as Python; saved and
 * run by python3, it prints the exact prompt `xlam-lab render` gives for the same tools and query
 * (the playground's prompt, byte for byte). curl opens as a shell script.
 */
export const playgroundExport: Scenario = {
  name: 'playground: Export Code… opens runnable code beside it; the exported Python prints the exact prompt',
  timeoutMs: 120_000,
  async run({ page, screenshot }) {
    const path = writePlayground('export.playground.json', playgroundText([TOOL], { format: 'fc-v1', query: QUERY }));
    const frame = await openPlaygroundFile(page, path, 'export.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('get_weather') && t.includes('Zürich'));
    await showPane(frame, 'Prompt');
    await frame.locator('#export-code').click();
    await pickLanguage(page, 'python-prompt');
    await waitFor('the exported Python beside the playground', UI_TIMEOUT, async () => (await activeEditorText(page).catch(() => '')).includes('xLAM Tool Lab export'));
    await editorFocused(page, 'Untitled');
    await screenshot('export-python');

    if (!python3()) {
      console.log('skipped running the exported Python: no python3 on this machine');
    } else {
      const script = join(playgroundDir(), 'exported_prompt.py');
      await page.keyboard.press('Control+Shift+S');
      await chooseFileInDialog(page, 'Save As', script);
      await waitFor('the exported Python saved', UI_TIMEOUT, () => existsSync(script));
      const printed = execFileSync('python3', [script]);
      const toolsPath = join(playgroundDir(), 'export.tools.json');
      writeFileSync(toolsPath, JSON.stringify([TOOL]));
      const rendered = execFileSync(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'render', '--format', 'fc-v1', '--tools', toolsPath, '--query', QUERY]);
      assert.ok(printed.equals(rendered), `the exported Python printed the exact prompt (${printed.length} vs ${rendered.length} bytes)`);
      assert.match(readFileSync(script, 'utf8'), /def build_prompt/);
    }

    await frame.locator('#export-code').click();
    await pickLanguage(page, 'curl');
    await waitFor('the exported curl beside the playground', UI_TIMEOUT, async () => (await activeEditorText(page).catch(() => '')).includes('curl '));
    await screenshot('export-curl');
    await closeAllEditors(page);
  },
};

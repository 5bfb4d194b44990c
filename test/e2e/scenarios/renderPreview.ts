import assert from 'node:assert/strict';
import { activeEditorText, activeTab, answerInputBox, errorNotifications, quickOpen, runCommand, statusBarLanguage } from '../harness/workbench';
import { waitFor } from '../harness/steps';
import type { Scenario } from './types';

const QUERY = "What's the weather like in New York in fahrenheit?";

/**
 * The user's path to the prompt preview: open weather.tools.json with Quick Open, run
 * "xLAM: Render Prompt Preview" from the command palette, answer the query prompt, and read the
 * rendered fc-v1 prompt in a read-only xlam-prompt editor.
 */
export const renderPreview: Scenario = {
  name: 'command palette renders the fc-v1 prompt preview for weather.tools.json',
  timeoutMs: 60_000,
  async run({ page, screenshot }) {
    await quickOpen(page, 'weather.tools.json');
    await runCommand(page, 'xLAM: Render Prompt Preview');
    await answerInputBox(page, 'The user query', QUERY);
    const tab = activeTab(page, 'weather.tools.json');
    await waitFor('the preview tab titled with weather.tools.json and fc-v1', 30_000, async () => {
      const title = await tab.innerText().catch(() => '');
      return title.includes('fc-v1') ? title : undefined;
    });
    const text = await waitFor('the preview to show [BEGIN OF AVAILABLE TOOLS]', 30_000, async () => {
      const shown = await activeEditorText(page);
      return shown.includes('[BEGIN OF AVAILABLE TOOLS]') ? shown : undefined;
    });
    await screenshot('render-prompt-preview');
    assert.match(text, /\[BEGIN OF AVAILABLE TOOLS\]/);
    assert.match(text, /get_weather/, 'the tool of weather.tools.json is in the prompt');
    assert.equal(await statusBarLanguage(page), 'xLAM Prompt', 'the preview is an xlam-prompt document');
    assert.deepEqual(await errorNotifications(page), [], 'no error notification while rendering');
  },
};

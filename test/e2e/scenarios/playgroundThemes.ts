import assert from 'node:assert/strict';
import { waitFor } from '../harness/steps';
import { pickInQuickPick, runCommand } from '../harness/workbench';
import { closeAllEditors, openPlaygroundFile, playgroundText, promptText, writePlayground } from './playgroundFixtures';
import type { Scenario } from './types';

const UI_TIMEOUT = 30_000;
/** Each theme, the workbench's class for its kind, and the class VS Code gives the webview's body. */
const THEMES = [
  { name: 'Dark Modern', workbench: 'vs-dark', webview: 'vscode-dark', slug: 'dark' },
  { name: 'Dark High Contrast', workbench: 'hc-black', webview: 'vscode-high-contrast', slug: 'hc-dark' },
  { name: 'Light High Contrast', workbench: 'hc-light', webview: 'vscode-high-contrast-light', slug: 'hc-light' },
  { name: 'Light Modern', workbench: 'vs', webview: 'vscode-light', slug: 'light' },
] as const;

/** In the webview: the body's theme classes, its colours, and the theme variables they must come from. */
function themeColours(body: unknown): { classes: string; background: string; foreground: string; themeBackground: string; themeForeground: string } {
  const page = globalThis as unknown as { getComputedStyle(el: unknown): { backgroundColor: string; color: string; getPropertyValue(name: string): string }; document: { createElement(tag: string): { style: { color: string }; remove(): void }; body: { append(el: unknown): void } } };
  const resolve = (variable: string): string => {
    // A probe element turns the variable's value into the same rgb() form as computed colours.
    const probe = page.document.createElement('span');
    probe.style.color = `var(${variable})`;
    page.document.body.append(probe);
    const colour = page.getComputedStyle(probe).color;
    probe.remove();
    return colour;
  };
  const style = page.getComputedStyle(body);
  return { classes: String((body as { className: string }).className), background: style.backgroundColor, foreground: style.color, themeBackground: resolve('--vscode-editor-background'), themeForeground: resolve('--vscode-foreground') };
}

/**
 * The playground looks native in light, dark and both high-contrast themes: switched with
 * "Preferences: Color Theme" as a person does, its page takes the theme's kind and its colours
 * come from the theme's variables (no colour of its own), in a screenshot per theme.
 */
export const playgroundThemes: Scenario = {
  name: 'playground: follows the dark, high-contrast and light themes with the theme\'s own colours',
  timeoutMs: 150_000,
  async run({ page, screenshot, onCleanup }) {
    const path = writePlayground('themes.playground.json', playgroundText([{ name: 'get_weather', description: 'Get the weather', parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' } }, required: ['city'] } }], { query: 'Weather in Paris?' }));
    const frame = await openPlaygroundFile(page, path, 'themes.playground.json');
    await promptText(frame, 'the first render', (t) => t.includes('get_weather'));
    onCleanup(() => closeAllEditors(page));
    const backgrounds = new Map<string, string>();
    for (const theme of THEMES) {
      await runCommand(page, 'Preferences: Color Theme');
      await pickInQuickPick(page, 'Color Theme', theme.name);
      await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ timeout: UI_TIMEOUT });
      const colours = await waitFor(`the playground to take the ${theme.name} theme`, UI_TIMEOUT, async () => {
        const seen = await frame.locator('body').evaluate(themeColours);
        if (!seen.classes.split(/\s+/).includes(theme.webview)) throw new Error(`its body classes are "${seen.classes}"`);
        return seen.background === seen.themeBackground ? seen : undefined;
      });
      assert.equal(colours.foreground, colours.themeForeground, `${theme.name}: text in the theme's foreground`);
      // A diagnostic's rule code (the Tools pane lints "Get the weather" as too short) is readable.
      const code = await frame.locator('.diagnostic .code-name').first().evaluate((el) => {
        const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(el);
        return { color: style.color, background: style.backgroundColor };
      });
      assert.notEqual(code.color, code.background, `${theme.name}: a rule code's text is not drawn in its own background colour`);
      backgrounds.set(theme.slug, colours.background);
      await screenshot(`playground-theme-${theme.slug}`);
    }
    // Light Modern and Light High Contrast are both white: dark against light is what must differ.
    assert.notEqual(backgrounds.get('dark'), backgrounds.get('light'), 'dark and light backgrounds differ');
    assert.notEqual(backgrounds.get('hc-dark'), backgrounds.get('hc-light'), 'the two high-contrast backgrounds differ');
  },
};

/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * The extension as the real extension host sees it: present, activating, its command registered,
 * and the command's core path (no UI prompts: it takes `(toolsUri, query)`) producing an
 * xlam-prompt document. Runs under @vscode/test-cli (.vscode-test.mjs) and in code-server.
 */
const EXTENSION_ID = 'xlam-tool-lab.xlam-tool-lab';

function examplesFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with examples/ open as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

suite('xLAM Tool Lab in the extension host', () => {
  test('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is present`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('registers xlam.renderPromptPreview', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('xlam.renderPromptPreview'));
  });

  test('renders weather.tools.json into an xlam-prompt document', async () => {
    const result = await vscode.commands.executeCommand('xlam.renderPromptPreview', examplesFile('weather.tools.json'), "What's the weather like in New York in fahrenheit?");
    assert.ok(result, 'the command returns its render result');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the preview is the active editor');
    assert.equal(editor.document.languageId, 'xlam-prompt');
    assert.match(editor.document.getText(), /\[BEGIN OF AVAILABLE TOOLS\]/);
    assert.match(editor.document.getText(), /get_weather/);
  });
});

/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  test('opens a suite case in the playground by suite path and case id, with its expected answer and where it came from', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('xlam.openCaseInPlayground', 'travel.fctest.json', 'flight-sfo-jfk');
    assert.ok(uri, 'the command returns the new playground');
    assert.equal(uri.scheme, 'untitled', 'a scratch copy: nothing is written beside the suite');
    assert.match(uri.path, /flight-sfo-jfk\.playground\.json$/);
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    assert.ok(document, 'the playground document is open');
    const playground = JSON.parse(document.getText()) as { expected?: { calls?: Array<{ name: string }> }; source?: { suite: string; case: string }; messages?: Array<{ content: string }> };
    assert.deepEqual(playground.source, { suite: 'travel.fctest.json', case: 'flight-sfo-jfk', checker: 'default' });
    assert.equal(playground.expected?.calls?.[0]?.name, 'search_flights');
    assert.match(playground.messages?.[0]?.content ?? '', /SFO to JFK/);
    const missing = await vscode.commands.executeCommand<vscode.Uri | undefined>('xlam.openCaseInPlayground', 'travel.fctest.json', 'no-such-case');
    assert.equal(missing, undefined, 'an unknown case opens nothing (and says so)');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

interface EngineStatus {
  state: string;
  info?: { kind: string; model: string; backend: string };
  error?: string;
  statusText: string;
}

interface CallResult {
  calls: Array<{ name: string; arguments: unknown }>;
  finishReason: string;
  timings: { loadMs?: number; completionTokens: number; tokensPerSecond: number };
}

const engineStatus = (): Thenable<EngineStatus> => vscode.commands.executeCommand<EngineStatus>('xlam.engineStatus');

/**
 * The engine commands with arguments (no dialogs): the tiny test model made by our own CLI, loaded
 * by path, run with the grammar, unloaded; a missing file and an offline download fail clearly.
 */
suite('xLAM Tool Lab engines in the extension host', function () {
  this.timeout(180_000);
  let dir = '';
  let modelPath = '';

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    dir = mkdtempSync(join(tmpdir(), 'xlam-exthost-'));
    modelPath = join(dir, 'tiny.gguf');
    // process.execPath is node in code-server and Electron under @vscode/test-electron: run it as node.
    execFileSync(process.execPath, [join(extension.extensionPath, 'dist', 'cli.js'), 'make-test-model', modelPath], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'pipe' });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('xlam.unloadModel');
    await vscode.workspace.getConfiguration('xlam').update('model.path', undefined, vscode.ConfigurationTarget.Global);
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('registers the engine commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['xlam.selectModelFile', 'xlam.downloadModel', 'xlam.connectEndpoint', 'xlam.unloadModel', 'xlam.runQuery', 'xlam.engineActions', 'xlam.checkTemplateParity']) assert.ok(commands.includes(id), id);
  });

  test('Run Query with nothing loaded and nothing configured does nothing (and says so)', async () => {
    await vscode.workspace.getConfiguration('xlam').update('model.path', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('xlam').update('endpoint.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    const result = await vscode.commands.executeCommand('xlam.runQuery', examplesFile('weather.tools.json'), 'weather in Paris?');
    assert.equal(result, undefined);
    assert.equal((await engineStatus()).state, 'none');
  });

  test('Select Model File by path loads the model, stores the setting and shows it in the status bar', async () => {
    const summary = await vscode.commands.executeCommand<{ info: { kind: string; model: string; backend: string }; loadMs: number; threads: number; facts: { architecture: string } } | undefined>('xlam.selectModelFile', modelPath);
    assert.ok(summary, 'the command returns what it loaded');
    assert.equal(summary.info.kind, 'local');
    assert.equal(summary.info.model, 'tiny.gguf');
    assert.match(summary.info.backend, /^(cpu|cuda|vulkan|metal)$/);
    assert.equal(summary.facts.architecture, 'llama');
    assert.ok(summary.loadMs > 0 && summary.threads >= 1);
    assert.equal(vscode.workspace.getConfiguration('xlam').inspect<string>('model.path')?.globalValue, modelPath);
    const status = await engineStatus();
    assert.equal(status.state, 'idle');
    assert.equal(status.statusText, `$(chip) xLAM local · tiny.gguf · ${summary.info.backend} · idle`);
  });

  test('Run Query with the grammar returns valid calls and shows them beside', async () => {
    const tools = examplesFile('weather.tools.json');
    await vscode.window.showTextDocument(tools);
    // A random model fills strings to the grammar's bound: keep strings and calls short.
    const result = await vscode.commands.executeCommand<CallResult | undefined>('xlam.runQuery', tools, 'Weather in Paris in celsius?', { grammar: true, maxTokens: 400, maxStringChars: 12, maxCalls: 2 });
    assert.ok(result, 'the command returns the GenerateResult');
    assert.ok(result.calls.length >= 1 && result.calls.length <= 2, `calls: ${JSON.stringify(result.calls)}`);
    for (const call of result.calls) assert.equal(call.name, 'get_weather');
    assert.equal(result.finishReason, 'stop');
    assert.ok(result.timings.completionTokens > 0);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the result document is the active editor');
    assert.equal(editor.document.uri.scheme, 'xlam-run');
    assert.match(editor.document.getText(), /"name": "get_weather"/);
    assert.equal((await engineStatus()).state, 'idle');
  });

  test('Check Template Parity compares our prompt with the chat template inside the GGUF', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const templated = join(dir, 'chatml.gguf');
    execFileSync(process.execPath, [join(extension.extensionPath, 'dist', 'cli.js'), 'make-test-model', templated, '--chat-template', 'chatml'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'pipe' });
    await vscode.commands.executeCommand('xlam.selectModelFile', templated, { store: false });
    const config = vscode.workspace.getConfiguration('xlam');
    await config.update('format', 'xlam2-qwen', vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<{ equal: boolean; format: string; template: string; ours: string; firstDifference?: { offset: number; line: number } } | undefined>(
        'xlam.checkTemplateParity',
        examplesFile('weather.tools.json'),
        'Weather in Paris?',
      );
      assert.ok(result, 'the command returns the parity result');
      assert.equal(result.format, 'xlam2-qwen');
      // A plain ChatML template has no xLAM system line or tool block: it must differ, and say where.
      assert.equal(result.equal, false);
      assert.ok(result.template.includes('<|im_start|>user\nWeather in Paris?<|im_end|>'), result.template);
      assert.ok(result.firstDifference !== undefined && result.firstDifference.offset < result.ours.length);
    } finally {
      await config.update('format', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('xlam.selectModelFile', modelPath, { store: false });
    }
  });

  test('Unload Model disposes the engine; a second unload has nothing to do', async () => {
    const info = await vscode.commands.executeCommand<{ model: string } | undefined>('xlam.unloadModel');
    assert.equal(info?.model, 'tiny.gguf');
    const status = await engineStatus();
    assert.equal(status.state, 'none');
    assert.equal(status.statusText, '$(circle-slash) xLAM: no model');
    assert.equal(await vscode.commands.executeCommand('xlam.unloadModel'), undefined);
  });

  test('a missing model file gives a clear error, and the extension keeps working', async () => {
    const missing = `${dir}/missing.gguf`;
    const result = await vscode.commands.executeCommand('xlam.selectModelFile', missing, { store: false });
    assert.equal(result, undefined);
    const status = await engineStatus();
    assert.equal(status.state, 'error');
    assert.match(status.error ?? '', /no model file at .*missing\.gguf/);
    assert.equal(vscode.workspace.getConfiguration('xlam').inspect<string>('model.path')?.globalValue, modelPath, 'a failed load does not overwrite the setting');
    assert.ok(await vscode.commands.executeCommand('xlam.renderPromptPreview', examplesFile('weather.tools.json'), 'weather?'), 'other commands still work');
    const again = await vscode.commands.executeCommand('xlam.selectModelFile', modelPath, { store: false });
    assert.ok(again, 'the real model loads after the failure');
    assert.equal((await engineStatus()).state, 'idle');
  });

  test('Download Model offline fails quickly and leaves the loaded model alone', async () => {
    const started = Date.now();
    const result = await vscode.commands.executeCommand('xlam.downloadModel', 'https://models.invalid/xlam-1b.gguf');
    assert.equal(result, undefined);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.equal((await engineStatus()).info?.model, 'tiny.gguf');
  });
});

suite('xLAM Tool Lab diagnostics in the extension host', function () {
  this.timeout(60_000);

  /** Polls the diagnostics of `uri` until `ready` holds (no fixed sleeps). */
  async function diagnosticsOf(uri: vscode.Uri, ready: (codes: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const codes = vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
      if (ready(codes)) return codes;
      if (Date.now() > deadline) assert.fail(`diagnostics of ${uri.fsPath} never got ready: ${JSON.stringify(codes)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test('a file matching xlam.lint.extraGlobs is linted as a tools file; leaving the glob clears it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-globs-'));
    const config = vscode.workspace.getConfiguration('xlam');
    try {
      const uri = vscode.Uri.file(join(dir, 'agent.functions.json'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('[{"name": "bad name!", "description": "x"}]'));
      await config.update('lint.extraGlobs', ['**/*.functions.json'], vscode.ConfigurationTarget.Global);
      await vscode.window.showTextDocument(uri);
      const codes = await diagnosticsOf(uri, (c) => c.includes('tool-name-invalid'));
      assert.ok(codes.includes('tool-name-invalid'), JSON.stringify(codes));
      await config.update('lint.extraGlobs', undefined, vscode.ConfigurationTarget.Global);
      await diagnosticsOf(uri, (c) => c.length === 0);
    } finally {
      await config.update('lint.extraGlobs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

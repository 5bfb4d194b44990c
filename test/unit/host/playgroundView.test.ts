import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type GenerateResult } from '../../../src/core/engine/types';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { parseToolsText } from '../../../src/core/loadInputs';
import { userMessage } from '../../../src/core/messages';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { seedPlayground } from '../../../src/core/playground/seed';
import { playgroundCsp, playgroundHtml } from '../../../src/host/playground/playgroundHtml';
import { actionFor, failurePayload, runResultPayload } from '../../../src/host/playground/runPayloads';
import { canonicalToolsText, inlineToolsText, paneTexts, typedMockRules } from '../../../src/host/playground/toolsText';
import { setJsonValue, applyTextEdits } from '../../../src/core/playground/jsonEdits';
import { documentStateMessage, promptMessage, toolsDiagnosticsMessage } from '../../../src/host/playground/viewModel';
import { vocabFileFor } from '../../../src/host/playground/vocabFiles';
import { parseHostToWebviewMessage } from '../../../src/shared/playgroundProtocol';

const TOOLS = '[\n  {"name": "get_weather", "description": "Get the current weather for a city", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city"}}, "required": ["city"]}}\n]';
const SEEDED = seedPlayground({ toolsText: TOOLS });

void describe('playground view model (host, no vscode)', () => {
  void it('the Tools pane text is the inline tools de-indented, and means the same tools', () => {
    const text = inlineToolsText(SEEDED);
    assert.ok(text !== null);
    assert.ok(text.startsWith('[\n  {'), text.slice(0, 20));
    assert.equal(canonicalToolsText(text), canonicalToolsText(TOOLS));
    assert.equal(inlineToolsText('{"tools": {"path": "a.tools.json"}}'), null);
    assert.equal(inlineToolsText('{"tools": ['), null);
  });

  void it('documentState carries the parsed document, located problems and the stale flag; the host gate accepts it', () => {
    const ok = documentStateMessage(SEEDED, 'a.playground.json', readPlaygroundDocument(SEEDED), inlineToolsText(SEEDED));
    assert.equal(ok.stale, false);
    assert.ok(parseHostToWebviewMessage(ok).ok);
    const broken = '{"version": 1, "tools": [}';
    const bad = documentStateMessage(broken, 'b.playground.json', readPlaygroundDocument(broken), null);
    assert.equal(bad.stale, true);
    assert.equal(bad.document, null);
    assert.ok(bad.problems[0] !== undefined && bad.problems[0].line === 1 && bad.problems[0].column > 1);
    assert.ok(parseHostToWebviewMessage(bad).ok);
  });

  void it('renders the prompt with per-block counts that add up, exact with a tokenizer and approximate without', () => {
    const read = readPlaygroundDocument(SEEDED);
    assert.ok(read.ok);
    const tools = read.document.tools.kind === 'inline' ? read.document.tools.tools : [];
    const doc = { ...read.document, messages: [userMessage('Weather in Paris?')] };
    const estimate = promptMessage({ doc, tools, proposed: undefined, fallback: 'fc-v1', counter: () => undefined, contextSize: null });
    assert.equal(estimate.message.approximate, true);
    assert.equal(estimate.message.format, 'fc-v1');
    assert.equal(estimate.message.blocks.map((b) => b.text).join(''), estimate.prompt);
    assert.equal(estimate.message.blocks.reduce((a, b) => a + b.tokens, 0), estimate.message.totalTokens);
    // A toy tokenizer: one token per character.
    const counted = promptMessage({ doc: { ...doc, format: 'auto' }, tools, proposed: { format: 'xlam2-qwen' }, fallback: 'fc-v1', counter: () => ({ tokenize: (t) => Array.from(t, () => 1), source: 'chars' }), contextSize: 4096 });
    assert.equal(counted.message.format, 'xlam2-qwen', 'auto takes the loaded model proposal');
    assert.equal(counted.message.approximate, false);
    assert.equal(counted.message.totalTokens, counted.prompt.length);
    assert.ok(parseHostToWebviewMessage(counted.message).ok);
  });

  void it('lints the Tools pane text with the tools rules, positions in that text', () => {
    const message = toolsDiagnosticsMessage('[{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}}}]', 'test#tools');
    const short = message.diagnostics.find((d) => d.code === 'tool-description-short');
    assert.ok(short, JSON.stringify(message.diagnostics));
    assert.equal(short.toolIndex, 0);
    assert.equal(short.range.start.line, 1);
    const syntax = toolsDiagnosticsMessage('[{"name": }]', 'test2#tools');
    assert.ok(syntax.diagnostics.some((d) => d.code === 'json-syntax' && d.range.start.column > 1));
  });

  void it('run payloads: calls checked by the call rules; failures name the action that fixes them', () => {
    const tools = parseToolsText(TOOLS);
    const result: GenerateResult = {
      text: '{"tool_calls": [{"name": "get_weather", "arguments": {}}]}',
      calls: [{ name: 'get_weather', arguments: fromPlain({}) }],
      content: '',
      finishReason: 'stop',
      timings: { promptTokens: 10, cachedPromptTokens: 2, ttftMs: 5, tokensPerSecond: 40, completionTokens: 12 },
    };
    const payload = runResultPayload(result, tools, 'fc-v1', { kind: 'local', model: 'm.gguf', backend: 'cpu' }, 99);
    assert.ok(payload.ok);
    assert.equal(payload.calls[0]?.check.ok, false, 'a call without the required city fails its check');
    assert.ok(payload.calls[0]?.check.problems.some((p) => p.code === 'call-missing-arg'));
    assert.ok(parseHostToWebviewMessage({ type: 'runFinished', runId: 1, step: 0, result: payload }).ok);
    assert.equal(actionFor(new EngineError('model-not-found', 'x')), 'selectModelFile');
    assert.equal(actionFor(new EngineError('endpoint-refused', 'x')), 'connectEndpoint');
    assert.equal(actionFor(new Error('x')), 'showLog');
    assert.deepEqual(failurePayload(new EngineError('offline', 'no network')), { ok: false, error: { code: 'offline', message: 'no network', action: 'connectEndpoint' } });
  });

  void it('the page: a strict CSP, one nonced script, no inline style or script', () => {
    assert.equal(playgroundCsp('vscode-webview://x', 'N0nce'), "default-src 'none'; script-src 'nonce-N0nce'; style-src vscode-webview://x; font-src vscode-webview://x");
    const html = playgroundHtml({ cspSource: 'vscode-webview://x', nonce: 'N0nce', scriptUri: 'https://x/main.js', styleUri: 'https://x/p.css', codiconUri: 'https://x/codicon.css"><script>' });
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="N0nce" src="https:\/\/x\/main.js"><\/script>/);
    assert.ok(!/style=/.test(html) && !/<style/.test(html));
    assert.ok(html.includes('codicon.css&quot;&gt;&lt;script&gt;'), 'interpolations are escaped');
  });

  void it('ships a vocabulary for fc-v1 (deepseek-coder) and xlam2-qwen (qwen2) only', () => {
    assert.equal(vocabFileFor('fc-v1'), 'ggml-vocab-deepseek-coder.gguf');
    assert.equal(vocabFileFor('xlam2-qwen'), 'ggml-vocab-qwen2.gguf');
    assert.equal(vocabFileFor('general-v1'), undefined);
    assert.equal(vocabFileFor('xlam2-llama'), undefined);
  });
});

void describe('Mocks pane texts keep numbers as written', () => {
  const doc = '{\n  "version": 1,\n  "tools": [],\n  "mocks": {\n    "get_weather": [\n      {"when": {"city": "Paris"}, "result": {"temp": 1.0, "big": 12345678901234567890}}\n    ],\n    "__proto__": []\n  }\n}\n';

  void it('each tool\'s rules are shown as the file writes them, de-indented (1.0 stays 1.0)', () => {
    const { toolsText, mockTexts: texts } = paneTexts(doc);
    assert.equal(toolsText, inlineToolsText(doc), 'the Tools pane text from the same parse');
    assert.deepEqual(Object.keys(texts), ['get_weather', '__proto__']);
    assert.equal(texts.get_weather, '[\n  {"when": {"city": "Paris"}, "result": {"temp": 1.0, "big": 12345678901234567890}}\n]');
    assert.equal(Object.getPrototypeOf(texts), Object.prototype, 'a tool named __proto__ is a key, not the prototype');
    assert.deepEqual(paneTexts('{"mocks": [').mockTexts, {});
    assert.deepEqual(paneTexts('{"tools": []}').mockTexts, {});
  });

  void it('typed rules go into the file with their lexemes when they hold the checked rules', () => {
    const typed = typedMockRules('[{"result": {"temp": 1.0}}]', [{ result: { temp: 1 } }]);
    assert.ok(typed.ok);
    const edit = setJsonValue(doc, ['mocks', 'get_weather'], typed.value);
    assert.ok(edit.ok);
    const after = applyTextEdits(doc, edit.edits);
    assert.match(after, /"temp": 1\.0/);
    assert.match(paneTexts(after).mockTexts.get_weather ?? '', /"temp": 1\.0/);
  });

  void it('a text that is not JSON, or not the rules that came with it, is refused with where and why', () => {
    const bad = typedMockRules('[{"result": 1,}]', [{ result: 1 }]);
    assert.ok(!bad.ok);
    assert.match(bad.error, /^mocks:1:\d+: invalid JSON/);
    const other = typedMockRules('[{"result": 2}]', [{ result: 1 }]);
    assert.ok(!other.ok);
    assert.match(other.error, /does not hold the rules/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPlain, JsonNumber, JsonObject } from '../../../src/core/json/jsonValue';
import { addMessage, addTool, duplicateTool, removeMessage, removeTool, replaceToolsText, setField, setMock, storeLastRun } from '../../../src/core/playground/edits';
import { applyTextEdits, type EditResult } from '../../../src/core/playground/jsonEdits';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { seedPlayground } from '../../../src/core/playground/seed';

const BASE = `{
  "version": 1,
  "format": "auto",
  "tools": [
    {"name": "get_weather", "description": "Weather", "parameters": {"type": "object", "properties": {"7": {"type": "number", "default": 1.0}}}}
  ],
  "messages": [
    {"role": "user", "content": "hi"}
  ]
}
`;

function apply(text: string, result: EditResult): string {
  assert.ok(result.ok, result.ok ? '' : result.error);
  return applyTextEdits(text, result.edits);
}

/** Edits must leave the text outside their span alone: one contiguous change per operation. */
function assertLocal(before: string, after: string, mustKeep: string[]): void {
  for (const piece of mustKeep) assert.ok(after.includes(piece), `lost ${JSON.stringify(piece)}\n${after}`);
}

void describe('playground edits', () => {
  void it('sets a field in place, keeping the rest of the text byte for byte', () => {
    const out = apply(BASE, setField(BASE, ['format'], 'fc-v1'));
    assert.equal(out, BASE.replace('"format": "auto"', '"format": "fc-v1"'));
  });

  void it('adds a missing object with the document indentation and removes a field', () => {
    const out = apply(BASE, setField(BASE, ['sampling', 'temperature'], new JsonNumber('0.0')));
    assert.match(out, /\n {2}"sampling": \{\n {4}"temperature": 0\.0\n {2}\}\n\}\n$/);
    assert.equal(apply(out, setField(out, ['sampling'], undefined)), BASE);
    assert.deepEqual(setField(BASE, [], 'x'), { ok: false, error: 'the whole document cannot be replaced by a field edit' });
  });

  void it('writes values through pyJsonDumps: key order and floats kept (Python repr, not JSON.stringify)', () => {
    const value = new JsonObject([['b', new JsonNumber('1.0')], ['10', 'x'], ['2', [new JsonNumber('1e5')]]]);
    const out = apply(BASE, setField(BASE, ['mocks', 't'], [new JsonObject([['result', value]])]));
    assert.match(out, /"result": \{\n {10}"b": 1\.0,\n {10}"10": "x",\n {10}"2": \[\n {12}100000\.0\n {10}\]\n {8}\}/);
    const read = readPlaygroundDocument(out);
    assert.ok(read.ok, read.problems.map((p) => p.message).join('\n'));
  });

  void it('follows tabs and CRLF', () => {
    const text = '{\r\n\t"version": 1,\r\n\t"tools": []\r\n}';
    const out = apply(text, addTool(text));
    assert.ok(!/\n(?!\t|\})/.test(out.replace(/\r\n/g, '\n')), out);
    assert.ok(!out.replace(/\r\n/g, '').includes('\n'), 'only CRLF line ends');
    assert.match(out, /\r\n\t\t\{\r\n\t\t\t"name": "new_tool",/);
  });

  void it('adds, duplicates and removes inline tools', () => {
    let text = apply(BASE, addTool(BASE));
    text = apply(text, addTool(text));
    const added = readPlaygroundDocument(text);
    assert.ok(added.ok);
    assert.deepEqual(added.document.tools.kind === 'inline' && added.document.tools.tools.map((t) => t.name), ['get_weather', 'new_tool', 'new_tool2']);
    text = apply(text, duplicateTool(text, 0));
    text = apply(text, duplicateTool(text, 0));
    const dup = readPlaygroundDocument(text);
    assert.ok(dup.ok);
    const tools = dup.document.tools.kind === 'inline' ? dup.document.tools.tools : [];
    assert.deepEqual(tools.map((t) => t.name), ['get_weather', 'get_weather_copy2', 'get_weather_copy', 'new_tool', 'new_tool2']);
    // The copy keeps the original's integer-like key order and float lexeme.
    assert.match(text, /"get_weather_copy",\n\s+"description": "Weather",\n\s+"parameters": \{\n\s+"type": "object",\n\s+"properties": \{\n\s+"7": \{\n\s+"type": "number",\n\s+"default": 1\.0/);
    text = apply(text, removeTool(text, 1));
    text = apply(text, removeTool(text, 0));
    const left = readPlaygroundDocument(text);
    assert.ok(left.ok);
    assert.deepEqual(left.document.tools.kind === 'inline' && left.document.tools.tools.map((t) => t.name), ['get_weather_copy', 'new_tool', 'new_tool2']);
    assertLocal(BASE, text, ['"messages": [\n    {"role": "user", "content": "hi"}\n  ]']);
  });

  void it('duplicates an OpenAI-wrapped tool by renaming its function', () => {
    const text = '{"version": 1, "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]}';
    const out = apply(text, duplicateTool(text, 0));
    const read = readPlaygroundDocument(out);
    assert.ok(read.ok);
    assert.deepEqual(read.document.tools.kind === 'inline' && read.document.tools.tools.map((t) => [t.name, t.shape]), [['f', 'openai'], ['f_copy', 'openai']]);
  });

  void it('refuses tool edits on a tools file reference, bad indexes and broken JSON', () => {
    const ref = '{"version": 1, "tools": {"path": "a.tools.json"}}';
    for (const result of [addTool(ref), duplicateTool(ref, 0), removeTool(ref, 0)]) {
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, /tools file/);
    }
    for (const result of [duplicateTool(BASE, 1), removeTool(BASE, -1), removeTool(BASE, 0.5), removeMessage(BASE, 1)]) assert.equal(result.ok, false);
    const broken = BASE.slice(0, -3);
    for (const result of [addTool(broken), setField(broken, ['format'], 'fc-v1'), addMessage(broken, { role: 'user', content: 'x' })]) {
      assert.deepEqual(result, { ok: false, error: 'the file is not valid JSON: fix it in the text editor first' });
    }
  });

  void it('replaces the tools from a tools text, or says where it is broken', () => {
    const out = apply(BASE, replaceToolsText(BASE, '[{"name": "a", "parameters": {"type": "object", "properties": {"x": {"type": "number", "default": 2.50}}}}]'));
    assert.match(out, /"default": 2\.5\n/);
    assert.match(out, /"messages": \[\n {4}\{"role": "user", "content": "hi"\}\n {2}\]/);
    assert.deepEqual(replaceToolsText(BASE, '[\n  {,}]'), { ok: false, error: 'tools 2:4: invalid JSON: value expected' });
    assert.equal(replaceToolsText(BASE, '{"name": "a"}').ok, false);
  });

  void it('adds every kind of message; a system message is the override at the top', () => {
    let text = apply(BASE, addMessage(BASE, { role: 'assistant', calls: [{ name: 'get_weather', arguments: fromPlain({ city: 'Paris' }) }] }));
    text = apply(text, addMessage(text, { role: 'tool', name: 'get_weather', content: '{"t": 18}' }));
    text = apply(text, addMessage(text, { role: 'user', content: 'and London?' }, 1));
    text = apply(text, addMessage(text, { role: 'system', content: 'Be brief.' }));
    text = apply(text, addMessage(text, { role: 'system', content: 'Be very brief.' }));
    const read = readPlaygroundDocument(text);
    assert.ok(read.ok, read.problems.map((p) => p.message).join('\n'));
    assert.deepEqual(read.document.messages.map((m) => m.role), ['system', 'user', 'user', 'assistant', 'tool']);
    assert.equal(read.document.messages[0]?.content, 'Be very brief.');
    assert.match(text, /"tool_calls": \[\n {8}\{\n {10}"type": "function",\n {10}"function": \{\n {12}"name": "get_weather",\n {12}"arguments": \{\n {14}"city": "Paris"/);
    text = apply(text, removeMessage(text, 2));
    const after = readPlaygroundDocument(text);
    assert.ok(after.ok);
    assert.deepEqual(after.document.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
    assert.equal(addMessage(BASE, { role: 'user', content: 'x' }, 5).ok, false);
  });

  void it('creates the messages list when absent', () => {
    const text = '{\n  "version": 1\n}';
    const out = apply(text, addMessage(text, { role: 'user', content: 'hi' }));
    assert.equal(out, '{\n  "version": 1,\n  "messages": [\n    {\n      "role": "user",\n      "content": "hi"\n    }\n  ]\n}');
  });

  void it('sets and clears a tool\'s mock rules', () => {
    const rules = [{ when: fromPlain({ city: 'Paris' }) as JsonObject, result: fromPlain({ t: 18 }) }, { error: 'no such city' }];
    const text = apply(BASE, setMock(BASE, 'get_weather', rules));
    const read = readPlaygroundDocument(text);
    assert.ok(read.ok);
    assert.equal(read.document.mocks.get('get_weather')?.length, 2);
    assert.equal(read.document.mocks.get('get_weather')?.[1]?.error, 'no such city');
    const cleared = readPlaygroundDocument(apply(text, setMock(text, 'get_weather', undefined)));
    assert.ok(cleared.ok);
    assert.equal(cleared.document.mocks.size, 0);
  });

  void it('stores the last run so the reader gets it back, and clears it', () => {
    const run = { output: '[{"name": "get_weather", "arguments": {"city": "Paris"}}]', calls: [{ name: 'get_weather', arguments: fromPlain({ city: 'Paris' }) }], finishReason: 'stop' as const, format: 'xlam2-qwen' as const, variant: 'vllm', timings: { ttftMs: 12.345, tokensPerSecond: 20, promptTokens: 300, cachedPromptTokens: 280, completionTokens: 17 }, engine: { kind: 'local' as const, model: 'x.gguf', backend: 'cpu' }, at: '2025-01-01T00:00:00.000Z' };
    const text = apply(BASE, storeLastRun(BASE, run));
    const read = readPlaygroundDocument(text);
    assert.ok(read.ok, read.problems.map((p) => p.message).join('\n'));
    assert.deepEqual({ ...read.document.lastRun, calls: undefined }, { ...run, calls: undefined, timings: { ...run.timings, ttftMs: 12.3 } });
    const again = apply(text, storeLastRun(text, { output: 'plain answer', calls: [], error: { code: 'cancelled', message: 'stopped' } }));
    const second = readPlaygroundDocument(again);
    assert.ok(second.ok);
    assert.deepEqual(second.document.lastRun, { output: 'plain answer', calls: [], error: { code: 'cancelled', message: 'stopped' } });
    assert.equal(apply(again, storeLastRun(again, undefined)), BASE);
  });

  void it('edits a seeded document without touching the rest', () => {
    const seeded = seedPlayground({ example: 'weather' });
    const out = apply(seeded, setField(seeded, ['grammar'], false));
    assert.equal(out, seeded.replace('"grammar": true', '"grammar": false'));
  });
});

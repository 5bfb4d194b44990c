import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCK_KINDS, parseHostToWebviewMessage, parseWebviewToHostMessage, PLAYGROUND_LIMITS, type HostToWebviewMessage, type WebviewToHostMessage } from '../../../src/shared/playgroundProtocol';

const COLUMN = { format: 'auto' as const, variant: 'auto', engine: { kind: 'current' as const }, grammar: true, temperature: null, topP: null, maxTokens: null, seed: null };
const LOCAL = { kind: 'local' as const, path: '/models/tiny.gguf' };
const ENDPOINT = { kind: 'endpoint' as const, baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', mode: 'raw' as const };
const WEBVIEW: WebviewToHostMessage[] = [
  { type: 'ready' },
  { type: 'edit', edit: { kind: 'set', path: ['sampling', 'temperature'], value: 0.7 } },
  { type: 'edit', edit: { kind: 'set', path: ['tools', 0, 'parameters'], value: { type: 'object', properties: { a: { type: 'string' } }, list: [1, null, true] } } },
  { type: 'edit', edit: { kind: 'remove', path: ['lastRun'] } },
  { type: 'edit', edit: { kind: 'toolsText', text: '[]' } },
  { type: 'addTool' },
  { type: 'addTool', tool: { name: 'f', description: 'd', parameters: {} } },
  { type: 'duplicateTool', index: 0 },
  { type: 'removeTool', index: 3 },
  { type: 'addMessage', message: { role: 'user', content: 'hi' } },
  { type: 'addMessage', message: { role: 'system', content: '' }, index: 0 },
  { type: 'addMessage', message: { role: 'assistant', calls: [{ name: 'f', arguments: { a: 1 } }] } },
  { type: 'addMessage', message: { role: 'assistant', content: 'thinking', calls: [] } },
  { type: 'addMessage', message: { role: 'tool', content: '{"t": 1}', name: 'f' }, index: 2 },
  { type: 'removeMessage', index: 1 },
  { type: 'setMock', tool: 'f', rules: [{ when: { city: 'Paris' }, result: { t: 18 } }, { error: 'down' }, { result: null }] },
  { type: 'setMock', tool: 'f', rules: null },
  { type: 'setMock', tool: 'f', rules: [{ result: { t: 1 } }], text: '[{"result": {"t": 1.0}}]' },
  { type: 'run' },
  { type: 'runToCompletion' },
  { type: 'runToCompletion', fromStep: 2, maxSteps: 5 },
  { type: 'cancel', runId: 7 },
  { type: 'openPromptAsDocument' },
  { type: 'openTextEditor' },
  { type: 'exportCode' },
  { type: 'importTools' },
  { type: 'selectEngine' },
  { type: 'saveAsTestCase', calls: [] },
  { type: 'saveAsTestCase', calls: [0, 2] },
  { type: 'action', action: 'connectEndpoint' },
  { type: 'compareRun', columns: [COLUMN, { format: 'xlam2-qwen', variant: 'bfcl', engine: LOCAL, grammar: false, temperature: 0.7, topP: 0.9, maxTokens: 64, seed: -3 }] },
  { type: 'compareRun', columns: [{ ...COLUMN, engine: ENDPOINT }, { ...COLUMN, engine: { kind: 'endpoint', baseUrl: 'https://api.example.com/v1' } }, { ...COLUMN, engine: { kind: 'local', path: 'C:\\models\\m.GGUF' } }] },
  { type: 'compareChooseEngine', column: 3, kind: 'local' },
  { type: 'compareChooseEngine', column: 0, kind: 'endpoint' },
  { type: 'compareStoreColumns', columns: [COLUMN, { ...COLUMN, engine: ENDPOINT }] },
  { type: 'compareRun', columns: [COLUMN, COLUMN, COLUMN, COLUMN] },
  { type: 'compareCancel', runId: 3 },
  { type: 'compareDiff', columns: [COLUMN, COLUMN, COLUMN], left: 2, right: 0 },
];

const call = { name: 'f', arguments: { a: 1 }, check: { ok: false, problems: [{ code: 'call-missing-arg', severity: 'error' as const, message: 'missing b' }] } };
const timings = { ttftMs: 12.5, tokensPerSecond: 20.1, promptTokens: 300, cachedPromptTokens: 280, completionTokens: 17, wallMs: 900, loadMs: null };
const HOST: HostToWebviewMessage[] = [
  { type: 'documentState', document: { version: 1, tools: [] }, problems: [], stale: false, toolsText: '[]', mockTexts: { f: '[{"result": 1.0}]' }, fileName: 'a.playground.json', text: '{"version": 1, "tools": []}' },
  { type: 'documentState', document: null, problems: [{ severity: 'error', message: 'invalid JSON', path: [], line: 3, column: 7 }], stale: true, toolsText: null, mockTexts: {}, fileName: 'Untitled-1', text: '{' },
  { type: 'promptRendered', format: 'xlam2-qwen', variant: 'vllm', blocks: BLOCK_KINDS.map((kind) => ({ kind, text: kind, tokens: 2 })), totalTokens: 25, contextSize: 8192, approximate: true, counting: true, warnings: ['w'] },
  { type: 'promptRendered', format: 'fc-v1', variant: 'card', blocks: [], totalTokens: 0, contextSize: null, approximate: false, counting: false, warnings: [] },
  { type: 'toolsDiagnostics', diagnostics: [{ code: 'tool-name-invalid', message: 'bad', severity: 'error', range: { start: { line: 1, column: 2 }, end: { line: 1, column: 9 } }, toolIndex: 0 }] },
  { type: 'runStarted', runId: 1, step: 0, mode: 'completion' },
  { type: 'runDelta', runId: 1, step: 0, text: '[{"na' },
  { type: 'runFinished', runId: 1, step: 0, result: { ok: true, output: '[]', content: '', finishReason: 'stop', parseError: null, calls: [call], timings, engine: { kind: 'local', model: 'm.gguf', backend: 'cpu' } } },
  { type: 'runFinished', runId: 2, step: 0, result: { ok: false, error: { code: 'endpoint-refused', message: 'refused', action: 'connectEndpoint' } } },
  { type: 'runFinished', runId: 3, step: 0, result: { ok: false, error: { code: 'no-engine', message: 'no model loaded', action: null } } },
  { type: 'stepFinished', runId: 1, step: { index: 0, promptTokens: 300, cachedPromptTokens: 0, output: '[]', finishReason: 'stop', calls: [call], toolResults: [{ tool: 'f', outcome: 'missing', rule: null, content: '{"error": "no mock"}' }] } },
  { type: 'completionFinished', runId: 1, stop: 'step-limit', steps: 8 },
  { type: 'engineState', state: 'idle', engine: { kind: 'local', model: 'tiny.gguf', backend: 'cpu' }, detail: null },
  { type: 'engineState', state: 'none', engine: null, detail: 'no model' },
  { type: 'editRejected', pane: 'tools', message: 'tools 1:2: bad' },
  { type: 'compareStarted', runId: 4, columns: 2, lanes: [[0, 1]] },
  { type: 'compareStarted', runId: 5, columns: 3, lanes: [[0, 2], [1]] },
  { type: 'compareEngineChosen', column: 2, engine: ENDPOINT },
  { type: 'compareEngineChosen', column: 0, engine: LOCAL },
  { type: 'compareColumnPrompt', runId: 4, column: 1, format: 'xlam2-qwen', variant: 'vllm', prompt: '<|im_start|>system' },
  { type: 'compareDelta', runId: 4, column: 3, text: '[{' },
  { type: 'compareColumnFinished', runId: 4, column: 0, result: { ok: false, error: { code: 'no-engine', message: 'no model loaded', action: 'selectEngine' } } },
  { type: 'compareFinished', runId: 4 },
];

function rejects(parse: (value: unknown) => { ok: boolean; reason?: string }, value: unknown, reason: RegExp): void {
  const result = parse(value) as { ok: false; reason: string } | { ok: true };
  assert.equal(result.ok, false, String(reason));
  if (!result.ok) assert.match(result.reason, reason);
}

void describe('parseWebviewToHostMessage', () => {
  void it('accepts every message the webview sends', () => {
    for (const message of WEBVIEW) assert.deepEqual(parseWebviewToHostMessage(message), { ok: true, value: message }, JSON.stringify(message));
  });

  void it('rejects values that are not messages, with a reason', () => {
    const parse = parseWebviewToHostMessage;
    rejects(parse, undefined, /must be an object/);
    rejects(parse, 'ready', /must be an object/);
    rejects(parse, [{ type: 'ready' }], /must be an object/);
    rejects(parse, {}, /unknown message type undefined/);
    rejects(parse, { type: 'documentState' }, /unknown message type "documentState"/);
    rejects(parse, { type: 'toString' }, /unknown message type "toString"/);
    rejects(parse, Object.create({ type: 'ready' }), /must be an object|unknown message type/);
    rejects(parse, new (class Fake { type = 'ready'; })(), /must be an object/);
  });

  void it('rejects extra, missing and ill-typed fields, naming them', () => {
    const parse = parseWebviewToHostMessage;
    rejects(parse, { type: 'ready', extra: 1 }, /^ready has an unknown field "extra"$/);
    rejects(parse, { type: 'removeTool' }, /^removeTool is missing "index"$/);
    rejects(parse, { type: 'removeTool', index: -1 }, /removeTool\.index must be an integer from 0/);
    rejects(parse, { type: 'removeTool', index: 1.5 }, /integer/);
    rejects(parse, { type: 'removeTool', index: '1' }, /integer/);
    rejects(parse, { type: 'addTool', tool: undefined }, /not JSON \(undefined\)/);
    rejects(parse, { type: 'cancel' }, /missing "runId"/);
    rejects(parse, { type: 'runToCompletion', maxSteps: 0 }, /maxSteps must be an integer from 1 to 100/);
    rejects(parse, { type: 'edit', edit: { kind: 'replace', path: [] } }, /edit\.edit\.kind must be "set", "remove" or "toolsText"/);
    rejects(parse, { type: 'edit', edit: { kind: 'set', path: ['a'] } }, /missing "value"/);
    rejects(parse, { type: 'edit', edit: { kind: 'set', path: ['a', -1], value: 1 } }, /edit\.edit\.path\[1\] must be an integer/);
    rejects(parse, { type: 'edit', edit: { kind: 'set', path: 'a.b', value: 1 } }, /path must be a list/);
    rejects(parse, { type: 'edit', edit: { kind: 'set', path: new Array(65).fill('a'), value: 1 } }, /more than 64 items/);
    rejects(parse, { type: 'edit', edit: { kind: 'toolsText', text: 'x'.repeat(PLAYGROUND_LIMITS.text + 1) } }, /at most/);
    rejects(parse, { type: 'addMessage', message: { role: 'robot', content: 'x' } }, /role must be/);
    rejects(parse, { type: 'addMessage', message: { role: 'user' } }, /missing "content"/);
    rejects(parse, { type: 'addMessage', message: { role: 'assistant', calls: [{ name: '', arguments: {} }] } }, /calls\[0\]\.name must be a string of 1 to/);
    rejects(parse, { type: 'addMessage', message: { role: 'user', content: 'x', calls: [] } }, /unknown field "calls"/);
    rejects(parse, { type: 'setMock', tool: 'f', rules: [{ result: 1, error: 'e' }] }, /rules\[0\] must have exactly one of "result" and "error"/);
    rejects(parse, { type: 'setMock', tool: 'f', rules: [{ when: { a: 1 } }] }, /exactly one/);
    rejects(parse, { type: 'setMock', tool: 'f', rules: [{ when: [1], result: 1 }] }, /when must be an object/);
    rejects(parse, { type: 'setMock', tool: 'f', rules: [{ error: 5 }] }, /error must be a string/);
    rejects(parse, { type: 'setMock', tool: 'f' }, /missing "rules"/);
    rejects(parse, { type: 'setMock', tool: 'f', rules: [], text: 5 }, /text must be a string/);
    rejects(parse, { type: 'saveAsTestCase' }, /missing "calls"/);
    rejects(parse, { type: 'saveAsTestCase', calls: [-1] }, /saveAsTestCase\.calls\[0\] must be an integer from 0/);
    rejects(parse, { type: 'saveAsTestCase', calls: 'all' }, /calls must be a list/);
  });

  void it('rejects Compare columns out of bounds, naming the field', () => {
    const parse = parseWebviewToHostMessage;
    rejects(parse, { type: 'compareRun', columns: [COLUMN] }, /compareRun\.columns must have 2 to 4 columns/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, COLUMN, COLUMN, COLUMN, COLUMN] }, /columns has more than 4 items/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { ...COLUMN, format: 'fc-v2' }] }, /columns\[1\]\.format must be one of/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { ...COLUMN, temperature: 3 }] }, /columns\[1\]\.temperature must be a number from 0 to 2/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { ...COLUMN, temperature: Number.NaN }] }, /temperature must be a number from 0 to 2/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { ...COLUMN, grammar: 'on' }] }, /grammar must be true or false/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { format: 'auto', variant: 'auto', engine: { kind: 'current' }, grammar: true }] }, /missing "temperature"/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { ...COLUMN, variant: '' }] }, /variant must be a string of 1 to/);
    rejects(parse, { type: 'compareDiff', columns: [COLUMN, COLUMN], left: 0, right: 4 }, /right must be an integer from 0 to 3/);
    rejects(parse, { type: 'compareDiff', columns: [COLUMN, COLUMN], left: 0 }, /missing "right"/);
    rejects(parse, { type: 'compareCancel' }, /missing "runId"/);
  });

  void it('rejects Compare sampling out of range and engines that are not an absolute .gguf path or an http(s) URL', () => {
    const parse = parseWebviewToHostMessage;
    const col = (extra: object): unknown => ({ type: 'compareRun', columns: [COLUMN, { ...COLUMN, ...extra }] });
    rejects(parse, col({ topP: 0 }), /columns\[1\]\.topP must be a number above 0, at most 1/);
    rejects(parse, col({ topP: 1.5 }), /topP must be a number above 0, at most 1/);
    rejects(parse, col({ maxTokens: 0 }), /columns\[1\]\.maxTokens must be an integer from 1/);
    rejects(parse, col({ maxTokens: 2.5 }), /maxTokens must be an integer/);
    rejects(parse, col({ seed: 0.5 }), /seed must be an integer/);
    rejects(parse, col({ seed: '1' }), /seed must be an integer/);
    rejects(parse, { type: 'compareRun', columns: [COLUMN, { format: 'auto', variant: 'auto', grammar: true, temperature: null, topP: null, maxTokens: null, seed: null }] }, /missing "engine"/);
    rejects(parse, col({ engine: { kind: 'docker' } }), /columns\[1\]\.engine\.kind must be "current", "local" or "endpoint"/);
    rejects(parse, col({ engine: { kind: 'local', path: 'models/tiny.gguf' } }), /engine\.path must be an absolute path/);
    rejects(parse, col({ engine: { kind: 'local', path: '/models/tiny.bin' } }), /engine\.path must name a \.gguf file/);
    rejects(parse, col({ engine: { kind: 'local', path: '/models/../etc/x.gguf' } }), /no "\.\." or NUL/);
    rejects(parse, col({ engine: { kind: 'local', path: '/m\0.gguf' } }), /no "\.\." or NUL/);
    rejects(parse, col({ engine: { kind: 'local', path: '/m.gguf', extra: 1 } }), /unknown field "extra"/);
    rejects(parse, col({ engine: { kind: 'current', path: '/m.gguf' } }), /unknown field "path"/);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'file:///etc/passwd' } }), /engine\.baseUrl must start with http:\/\/ or https:\/\//);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'javascript:alert(1)' } }), /must start with http/);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'not a url' } }), /engine\.baseUrl must be a URL/);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'http://user:pw@host/v1' } }), /must not hold credentials/);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'http://host/v1?key=1' } }), /takes no \?query/);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'http://host/v1', mode: 'stream' } }), /engine\.mode must be one of/);
    rejects(parse, col({ engine: { kind: 'endpoint', baseUrl: 'http://host/v1', model: '' } }), /engine\.model must be a string of 1 to/);
    rejects(parse, { type: 'compareChooseEngine', column: 4, kind: 'local' }, /column must be an integer from 0 to 3/);
    rejects(parse, { type: 'compareStoreColumns', columns: [COLUMN] }, /columns/);
    rejects(parse, { type: 'compareStoreColumns', columns: [COLUMN, { ...COLUMN, engine: { kind: 'endpoint', baseUrl: 'file:///etc/passwd' } }] }, /must start with http/);
    rejects(parse, { type: 'compareChooseEngine', column: 0, kind: 'docker' }, /kind must be one of/);
    rejects(parse, { type: 'compareChooseEngine', column: 0, kind: 'local', path: '/x.gguf' }, /unknown field "path"/);
  });

  void it('rejects values that are not JSON: NaN, cycles, Maps, depth and size', () => {
    const parse = parseWebviewToHostMessage;
    const set = (value: unknown): unknown => ({ type: 'edit', edit: { kind: 'set', path: ['x'], value } });
    rejects(parse, set(Number.NaN), /number JSON cannot write \(NaN\)/);
    rejects(parse, set({ a: Infinity }), /Infinity/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    rejects(parse, set(cycle), /nested deeper than 256 levels/);
    rejects(parse, set(new Map()), /not JSON/);
    rejects(parse, set(new Date()), /not JSON/);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    rejects(parse, set(deep), /nested deeper/);
    rejects(parse, set(new Array(PLAYGROUND_LIMITS.valueNodes).fill(0)), /more than 1000000 values/);
  });
});

void describe('parseHostToWebviewMessage', () => {
  void it('accepts every message the host posts', () => {
    for (const message of HOST) assert.deepEqual(parseHostToWebviewMessage(message), { ok: true, value: message }, JSON.stringify(message));
  });

  void it('rejects malformed host messages with a reason', () => {
    const parse = parseHostToWebviewMessage;
    const [state, , prompt, , diagnostics, started, , finished, failed, , step] = HOST as unknown as Array<Record<string, unknown>>;
    assert.ok(state && prompt && diagnostics && started && finished && failed && step);
    rejects(parse, { type: 'ready' }, /unknown message type "ready"/);
    rejects(parse, { ...state, stale: 'no' }, /stale must be true or false/);
    rejects(parse, { ...state, problems: [{ severity: 'fatal', message: 'x', path: [], line: 1, column: 1 }] }, /severity must be one of/);
    rejects(parse, { ...prompt, blocks: [{ kind: 'prose', text: 'x', tokens: 1 }] }, /blocks\[0\]\.kind must be one of/);
    rejects(parse, { ...prompt, blocks: [{ kind: 'query', text: 'x', tokens: -1 }] }, /tokens must be an integer/);
    rejects(parse, { ...prompt, format: 'fc-v2' }, /format must be one of/);
    rejects(parse, { ...prompt, contextSize: undefined }, /contextSize must be an integer/);
    rejects(parse, { ...diagnostics, diagnostics: [{ code: 'x', message: 'm', severity: 'error', range: { start: { line: 0, column: 1 }, end: { line: 1, column: 1 } }, toolIndex: null }] }, /start\.line must be an integer from 1/);
    rejects(parse, { ...started, mode: 'batch' }, /mode must be one of/);
    rejects(parse, { ...state, toolsText: 3 }, /toolsText must be a string/);
    rejects(parse, { type: 'engineState', state: 'busy', engine: null, detail: null }, /state must be one of/);
    rejects(parse, { type: 'editRejected', pane: 'elsewhere', message: 'm' }, /pane must be one of/);
    rejects(parse, { ...finished, result: { ...(finished.result as object), timings: { ...timings, ttftMs: -1 } } }, /ttftMs must be a number ≥ 0/);
    rejects(parse, { ...finished, result: { ...(finished.result as object), calls: [{ name: 'f', arguments: {} }] } }, /missing "check"/);
    // A call's confidence is optional (a run that asked for it); when there, every p is a probability.
    const check = { ok: true, problems: [] };
    const withConfidence = (confidence: unknown): unknown => ({ ...finished, result: { ...(finished.result as object), calls: [{ name: 'f', arguments: {}, check, confidence }] } });
    assert.ok(parse(withConfidence({ p: 0.62, alternatives: [{ name: 'f', p: 0.62 }, { name: 'g', p: 0.35 }] })).ok);
    assert.ok(parse(withConfidence(null)).ok);
    rejects(parse, withConfidence({ p: 1.5, alternatives: [] }), /confidence\.p must be a probability from 0 to 1/);
    rejects(parse, { ...failed, result: { ok: false, error: { code: 'x', message: 'm', action: 'reboot' } } }, /action must be one of/);
    rejects(parse, { ...failed, result: { ok: 'yes' } }, /result\.ok must be one of false/);
    rejects(parse, { ...step, step: { ...(step.step as object), toolResults: [{ tool: 'f', outcome: 'maybe', rule: null, content: '' }] } }, /outcome must be one of/);
    rejects(parse, { type: 'completionFinished', runId: 1, stop: 'done', steps: 1 }, /stop must be one of/);
    rejects(parse, { type: 'compareStarted', runId: 1, columns: 5, lanes: [[0], [1]] }, /columns must be an integer from 2 to 4/);
    rejects(parse, { type: 'compareStarted', runId: 1, columns: 2, lanes: [[0], [0]] }, /lanes must hold each of 2 to 4 columns exactly once/);
    rejects(parse, { type: 'compareStarted', runId: 1, columns: 2, lanes: [[1, 0]] }, /each lane must list its columns in order/);
    rejects(parse, { type: 'compareStarted', runId: 1, columns: 2, concurrent: true }, /unknown field "concurrent"/);
    rejects(parse, { type: 'compareEngineChosen', column: 0, engine: { kind: 'local', path: 'relative.gguf' } }, /engine\.path must be an absolute path/);
    rejects(parse, { type: 'compareColumnPrompt', runId: 1, column: 0, format: 'auto', variant: 'card', prompt: '' }, /format must be one of/);
    rejects(parse, { type: 'compareDelta', runId: 1, column: 4, text: '' }, /column must be an integer from 0 to 3/);
    rejects(parse, { type: 'compareColumnFinished', runId: 1, column: 0, result: { ok: true } }, /missing/);
  });
});

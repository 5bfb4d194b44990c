import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOCK_KINDS, FORMAT_IDS, MAX_QUERY_LENGTH, VARIANTS, isHostToWebviewMessage, isPanelOptions, isPanelState, isWebviewToHostMessage, type HostToWebviewMessage, type PanelState, type WebviewToHostMessage } from '../../../src/shared/promptBlocksProtocol';

const STATE: PanelState = { toolsUri: 'file:///work/weather.tools.json', toolsName: 'weather.tools.json', format: 'fc-v1', variant: 'card', query: 'weather?' };

/** Every format with every one of its variants: all valid options. */
const ALL_OPTIONS = FORMAT_IDS.flatMap((format) => VARIANTS[format].map((variant) => ({ format, variant, query: 'q' })));

void describe('isWebviewToHostMessage', () => {
  void it('accepts every message the webview sends', () => {
    const valid: WebviewToHostMessage[] = [
      { type: 'ready' },
      { type: 'goToError' },
      ...ALL_OPTIONS.map((options) => ({ type: 'setOptions' as const, options })),
      { type: 'setOptions', options: { format: 'general-v1', variant: 'client', query: '' } },
      { type: 'setOptions', options: { format: 'xlam2-qwen', variant: 'vllm', query: 'x'.repeat(MAX_QUERY_LENGTH) } },
    ];
    for (const message of valid) assert.equal(isWebviewToHostMessage(message), true, JSON.stringify(message).slice(0, 120));
  });

  void it('rejects values that are not messages', () => {
    for (const value of [undefined, null, 0, 'ready', true, [], [{ type: 'ready' }], {}, { type: 42 }, { type: 'Ready' }, { type: 'render' }, { type: 'unknown' }]) {
      assert.equal(isWebviewToHostMessage(value), false, String(JSON.stringify(value)));
    }
  });

  void it('rejects extra or missing fields', () => {
    const options = { format: 'fc-v1', variant: 'card', query: 'q' };
    const bad: unknown[] = [
      { type: 'ready', extra: 1 },
      { type: 'goToError', line: 3 },
      { type: 'setOptions' },
      { type: 'setOptions', options, toolsUri: 'file:///etc/passwd' },
      { type: 'setOptions', options: { ...options, extra: true } },
      { type: 'setOptions', options: { format: 'fc-v1', variant: 'card' } },
      { type: 'setOptions', options: { format: 'fc-v1', query: 'q' } },
    ];
    for (const value of bad) assert.equal(isWebviewToHostMessage(value), false, JSON.stringify(value));
  });

  void it('rejects unknown formats, variants of another format, and wrong types', () => {
    const bad: unknown[] = [
      { format: 'fc-v2', variant: 'card', query: 'q' },
      { format: 'fc-v1', variant: 'vllm', query: 'q' },
      { format: 'general-v1', variant: 'bfcl', query: 'q' },
      { format: 'xlam2-llama', variant: 'card', query: 'q' },
      { format: 'xlam2-qwen', variant: '', query: 'q' },
      { format: 'fc-v1', variant: 'card', query: 42 },
      { format: 'fc-v1', variant: 'card', query: null },
      { format: 'fc-v1', variant: ['card'], query: 'q' },
      { format: 'fc-v1', variant: 'card', query: 'x'.repeat(MAX_QUERY_LENGTH + 1) },
      { format: 'toString', variant: 'card', query: 'q' },
      null,
      'fc-v1',
    ];
    for (const options of bad) {
      assert.equal(isWebviewToHostMessage({ type: 'setOptions', options }), false, JSON.stringify(options)?.slice(0, 120));
      assert.equal(isPanelOptions(options), false);
    }
  });

  void it('does not trust inherited fields', () => {
    const inherited = Object.create({ type: 'ready' }) as unknown;
    assert.equal(isWebviewToHostMessage(inherited), false);
  });
});

void describe('isPanelState (the state the serializer revives from)', () => {
  void it('accepts a saved state', () => {
    assert.equal(isPanelState(STATE), true);
    for (const options of ALL_OPTIONS) assert.equal(isPanelState({ ...STATE, ...options }), true);
  });

  void it('rejects partial, extended or ill-typed states', () => {
    const { toolsName: _name, ...noName } = STATE;
    for (const value of [undefined, null, {}, noName, { ...STATE, extra: 1 }, { ...STATE, toolsUri: '' }, { ...STATE, toolsUri: 7 }, { ...STATE, variant: 'vllm' }]) {
      assert.equal(isPanelState(value), false, JSON.stringify(value));
    }
  });
});

void describe('isHostToWebviewMessage', () => {
  const render: HostToWebviewMessage = {
    type: 'render',
    state: STATE,
    blocks: BLOCK_KINDS.map((kind) => ({ kind, text: `${kind}\n` })),
    warnings: ['a warning'],
    losses: [{ tool: 'get_weather', kind: 'required', detail: '"required" is dropped' }],
    stop: ['<|EOT|>'],
  };
  const error: HostToWebviewMessage = { type: 'renderError', state: STATE, where: '/w/weather.tools.json:3:7', message: 'expected a tool', canGoToError: true };

  void it('accepts both host messages', () => {
    assert.equal(isHostToWebviewMessage(render), true);
    assert.equal(isHostToWebviewMessage({ ...render, blocks: [], warnings: [], losses: [], stop: [] }), true);
    assert.equal(isHostToWebviewMessage(error), true);
  });

  void it('rejects malformed host messages', () => {
    const bad: unknown[] = [
      { ...render, state: undefined },
      { ...render, blocks: [{ kind: 'prose', text: 'x' }] },
      { ...render, blocks: [{ kind: 'query' }] },
      { ...render, blocks: 'text' },
      { ...render, warnings: [1] },
      { ...render, losses: [{ tool: 't', detail: 'd' }] },
      { ...render, stop: undefined },
      { ...render, extra: true },
      { ...error, canGoToError: 'yes' },
      { ...error, where: undefined },
      { ...error, type: 'error' },
    ];
    for (const value of bad) assert.equal(isHostToWebviewMessage(value), false, JSON.stringify(value)?.slice(0, 160));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebviewToHostMessage } from '../../../src/shared/playgroundProtocol';
import { columnFromState, columnsFromState, defaultColumn } from '../../../webview/compareColumnState';

void describe('Compare columns read back from the webview state', () => {
  void it('keeps valid columns as they were, engines and sampling included', () => {
    const saved = [
      { format: 'fc-v1', variant: 'card', engine: { kind: 'local', path: '/m/tiny.gguf' }, grammar: false, temperature: 0.5, topP: 0.9, maxTokens: 64, seed: -1 },
      { format: 'auto', variant: 'auto', engine: { kind: 'endpoint', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', mode: 'raw' }, grammar: true, temperature: null, topP: null, maxTokens: null, seed: null },
    ];
    assert.deepEqual(columnsFromState(JSON.parse(JSON.stringify(saved))), saved);
  });

  void it('puts back what the host would refuse, so a Run All from an old or edited state is never dropped', () => {
    const column = columnFromState({ format: 'fc-v2' as never, variant: '', engine: { kind: 'local', path: 'relative.gguf' }, topP: 5, maxTokens: 0.5, seed: Number.NaN, temperature: 3 });
    assert.deepEqual(column, defaultColumn());
    // A column saved before columns had engines and sampling.
    assert.deepEqual(columnFromState({ format: 'xlam2-qwen', variant: 'vllm', grammar: true, temperature: 0.2 }), { ...defaultColumn(), format: 'xlam2-qwen', variant: 'vllm', temperature: 0.2 });
    assert.deepEqual(columnFromState({ engine: { kind: 'endpoint', baseUrl: 'file:///etc/passwd' } }).engine, { kind: 'current' });
    assert.equal(columnsFromState([{}]).length, 2, 'too few columns: the two defaults');
    const messy = columnsFromState([{ engine: { kind: 'docker' } }, null, { topP: 0 }]);
    assert.ok(parseWebviewToHostMessage({ type: 'compareRun', columns: messy }).ok, 'what is read back passes the protocol');
  });
});

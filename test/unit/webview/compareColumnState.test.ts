import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebviewToHostMessage } from '../../../src/shared/playgroundProtocol';
import { columnFromState, columnsFromFile, columnsFromState, defaultColumn } from '../../../webview/compareColumnState';
import { storedColumn } from '../../../src/core/playground/readCompare';
import { storeCompareColumns } from '../../../src/core/playground/edits';
import { applyTextEdits } from '../../../src/core/playground/jsonEdits';

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

  void it("reads the file's compare field as the host wrote it (storeCompareColumns), and nothing else", () => {
    const columns = [
      { ...defaultColumn(), format: 'fc-v1' as const, variant: 'bfcl', grammar: false, temperature: 0.4, seed: 9 },
      { ...defaultColumn(), engine: { kind: 'endpoint' as const, baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }, maxTokens: 32, topP: 0.5 },
    ];
    const edit = storeCompareColumns('{"version": 1}', columns.map(storedColumn));
    assert.ok(edit.ok);
    const file = JSON.parse(applyTextEdits('{"version": 1}', edit.edits)) as { compare: unknown };
    assert.deepEqual(columnsFromFile(file.compare), columns);
    for (const absent of [undefined, null, [], {}, { columns: [{}] }, { columns: 'x' }]) assert.equal(columnsFromFile(absent), undefined, JSON.stringify(absent));
    assert.deepEqual(columnsFromFile({ columns: [{ engine: { kind: 'local', path: 'rel.gguf' } }, { sampling: { temperature: 7 } }] }), [defaultColumn(), defaultColumn()]);
  });
});


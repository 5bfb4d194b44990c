import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnDocument, columnEngineLabel, diffTitle, sameColumnEngine, type CompareColumn } from '../../../src/core/playground/compareColumns';
import { playgroundRequest } from '../../../src/core/playground/playgroundRequest';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';

const BASE: CompareColumn = { format: 'auto', variant: 'auto', engine: { kind: 'current' }, grammar: true, temperature: null, topP: null, maxTokens: null, seed: null };

function doc(text: string): ReturnType<typeof readPlaygroundDocument> & { ok: true } {
  const read = readPlaygroundDocument(text);
  assert.ok(read.ok);
  return read;
}

void describe('columnDocument', () => {
  void it("puts the column's format, variant, grammar and temperature over the file's, the rest the file's", () => {
    const { document } = doc('{"version": 1, "format": "fc-v1", "variant": "card", "grammar": true, "sampling": {"temperature": 0.2, "seed": 3, "maxTokens": 64}, "messages": [{"role": "user", "content": "hi"}]}');
    const column = columnDocument(document, { ...BASE, format: 'xlam2-qwen', variant: 'bfcl', grammar: false, temperature: 0.9 });
    assert.equal(column.format, 'xlam2-qwen');
    assert.equal(column.variant, 'bfcl');
    assert.equal(column.grammar, false);
    assert.deepEqual(column.sampling, { temperature: 0.9, seed: 3, maxTokens: 64 });
    assert.deepEqual(column.messages, document.messages);
    assert.deepEqual(playgroundRequest(column, [], { format: 'xlam2-qwen', variant: 'bfcl' }).sampling, { temperature: 0.9, seed: 3, maxTokens: 64 });
    // The file's document is not changed.
    assert.equal(document.format, 'fc-v1');
    assert.deepEqual(document.sampling, { temperature: 0.2, seed: 3, maxTokens: 64 });
  });

  void it("a null temperature keeps the file's (or none)", () => {
    const { document } = doc('{"version": 1, "sampling": {"temperature": 0.2}}');
    assert.deepEqual(columnDocument(document, BASE).sampling, { temperature: 0.2 });
    const plain = doc('{"version": 1}').document;
    assert.deepEqual(columnDocument(plain, BASE).sampling, plain.sampling);
  });

  void it("puts the column's topP, maxTokens and seed over the file's in the engine request; null keeps the file's", () => {
    const { document } = doc('{"version": 1, "sampling": {"temperature": 0.2, "topP": 0.5, "seed": 3, "maxTokens": 64}, "messages": [{"role": "user", "content": "hi"}]}');
    const column = columnDocument(document, { ...BASE, topP: 0.95, maxTokens: 16, seed: 42 });
    assert.deepEqual(playgroundRequest(column, [], { format: 'fc-v1', variant: undefined }).sampling, { temperature: 0.2, topP: 0.95, maxTokens: 16, seed: 42 });
    const onlySeed = columnDocument(document, { ...BASE, seed: 0 });
    assert.deepEqual(playgroundRequest(onlySeed, [], { format: 'fc-v1', variant: undefined }).sampling, { temperature: 0.2, topP: 0.5, maxTokens: 64, seed: 0 });
    const plain = columnDocument(doc('{"version": 1}').document, { ...BASE, maxTokens: 8 });
    assert.deepEqual(playgroundRequest(plain, [], { format: 'fc-v1', variant: undefined }).sampling, { maxTokens: 8 });
  });
});

void describe('columnEngineLabel', () => {
  void it('names the current engine, a model by its file name, an endpoint by host and model', () => {
    assert.equal(columnEngineLabel({ kind: 'current' }, 'tiny.gguf'), 'Current engine (tiny.gguf)');
    assert.equal(columnEngineLabel({ kind: 'current' }, null), 'Current engine (none loaded)');
    assert.equal(columnEngineLabel({ kind: 'local', path: '/models/qwen/q4.gguf' }, null), 'q4.gguf');
    assert.equal(columnEngineLabel({ kind: 'local', path: 'C:\\m\\fc.gguf' }, null), 'fc.gguf');
    assert.equal(columnEngineLabel({ kind: 'endpoint', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen' }, null), '127.0.0.1:8000 · qwen');
    assert.equal(columnEngineLabel({ kind: 'endpoint', baseUrl: 'https://api.example.com/v1', mode: 'raw' }, null), 'api.example.com · raw');
  });

  void it('tells engines apart by kind, path, URL, model and mode', () => {
    assert.ok(sameColumnEngine({ kind: 'current' }, { kind: 'current' }));
    assert.ok(!sameColumnEngine({ kind: 'current' }, { kind: 'local', path: '/a.gguf' }));
    assert.ok(sameColumnEngine({ kind: 'local', path: '/a.gguf' }, { kind: 'local', path: '/a.gguf' }));
    assert.ok(!sameColumnEngine({ kind: 'local', path: '/a.gguf' }, { kind: 'local', path: '/b.gguf' }));
    assert.ok(!sameColumnEngine({ kind: 'endpoint', baseUrl: 'http://h/v1' }, { kind: 'endpoint', baseUrl: 'http://h/v1', model: 'm' }));
    assert.ok(sameColumnEngine({ kind: 'endpoint', baseUrl: 'http://h/v1', model: 'm' }, { kind: 'endpoint', baseUrl: 'http://h/v1', model: 'm' }));
  });
});

void describe('diffTitle', () => {
  void it('names both columns by number, format and variant', () => {
    assert.equal(diffTitle({ index: 0, format: 'fc-v1', variant: 'card' }, { index: 1, format: 'xlam2-qwen', variant: 'vllm' }), '1: fc-v1/card ↔ 2: xlam2-qwen/vllm');
  });
});

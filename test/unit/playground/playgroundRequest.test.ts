import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { playgroundRequest, resolveFormat } from '../../../src/core/playground/playgroundRequest';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';

void describe('resolveFormat', () => {
  void it('auto takes the proposal, else the fallback; a concrete choice wins', () => {
    assert.deepEqual(resolveFormat({ format: 'auto', variant: 'auto' }, { format: 'xlam2-llama', variant: 'bfcl' }, 'fc-v1'), { format: 'xlam2-llama', variant: 'bfcl', notes: [] });
    assert.deepEqual(resolveFormat({ format: 'auto', variant: 'auto' }, undefined, 'fc-v1'), { format: 'fc-v1', variant: undefined, notes: [] });
    assert.deepEqual(resolveFormat({ format: 'xlam2-qwen', variant: 'auto' }, { format: 'xlam2-qwen', variant: 'bfcl' }, 'fc-v1'), { format: 'xlam2-qwen', variant: undefined, notes: [] });
    assert.deepEqual(resolveFormat({ format: 'fc-v1', variant: 'bfcl' }, { format: 'xlam2-qwen' }, 'fc-v1'), { format: 'fc-v1', variant: 'bfcl', notes: [] });
  });

  void it('a variant the resolved family lacks falls back to the default, with a note', () => {
    const resolved = resolveFormat({ format: 'auto', variant: 'card' }, { format: 'xlam2-qwen' }, 'fc-v1');
    assert.deepEqual(resolved, { format: 'xlam2-qwen', variant: undefined, notes: ['variant "card" does not apply to xlam2-qwen; using its default'] });
  });
});

void describe('playgroundRequest', () => {
  void it('maps sampling and grammar; leaves unset sampling to the engine', () => {
    const read = readPlaygroundDocument('{"version": 1, "grammar": false, "sampling": {"temperature": 0.2, "seed": 3}}');
    assert.ok(read.ok);
    assert.deepEqual(playgroundRequest(read.document, [], { format: 'fc-v1', variant: 'card' }), { format: 'fc-v1', variant: 'card', tools: [], sampling: { temperature: 0.2, seed: 3 }, grammar: 'none' });
    const plain = readPlaygroundDocument('{"version": 1}');
    assert.ok(plain.ok);
    assert.deepEqual(playgroundRequest(plain.document, [], { format: 'xlam2-qwen', variant: undefined }), { format: 'xlam2-qwen', tools: [], sampling: {}, grammar: 'tools' });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnDocument, diffTitle, runColumns } from '../../../src/core/playground/compareColumns';
import { playgroundRequest } from '../../../src/core/playground/playgroundRequest';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';

function doc(text: string): ReturnType<typeof readPlaygroundDocument> & { ok: true } {
  const read = readPlaygroundDocument(text);
  assert.ok(read.ok);
  return read;
}

void describe('columnDocument', () => {
  void it("puts the column's format, variant, grammar and temperature over the file's, the rest the file's", () => {
    const { document } = doc('{"version": 1, "format": "fc-v1", "variant": "card", "grammar": true, "sampling": {"temperature": 0.2, "seed": 3, "maxTokens": 64}, "messages": [{"role": "user", "content": "hi"}]}');
    const column = columnDocument(document, { format: 'xlam2-qwen', variant: 'bfcl', grammar: false, temperature: 0.9 });
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
    assert.deepEqual(columnDocument(document, { format: 'auto', variant: 'auto', grammar: true, temperature: null }).sampling, { temperature: 0.2 });
    const plain = doc('{"version": 1}').document;
    assert.deepEqual(columnDocument(plain, { format: 'auto', variant: 'auto', grammar: true, temperature: null }).sampling, plain.sampling);
  });
});

void describe('runColumns', () => {
  /** Columns that finish only when released: what ran at once shows in `running`. */
  function gated(count: number): { runOne: (i: number) => Promise<number>; started: number[]; release: (i: number) => void } {
    const started: number[] = [];
    const releases = new Map<number, () => void>();
    const waiting = new Map<number, Promise<void>>();
    for (let i = 0; i < count; i++) waiting.set(i, new Promise<void>((resolve) => releases.set(i, resolve)));
    return {
      started,
      release: (i) => releases.get(i)?.(),
      runOne: async (i) => {
        started.push(i);
        await waiting.get(i);
        return i * 10;
      },
    };
  }

  void it('one after another: a column starts only when the one before has finished', async () => {
    const g = gated(3);
    const all = runColumns(3, false, g.runOne);
    await Promise.resolve();
    assert.deepEqual(g.started, [0]);
    g.release(0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(g.started, [0, 1]);
    g.release(1);
    g.release(2);
    assert.deepEqual(await all, [0, 10, 20]);
    assert.deepEqual(g.started, [0, 1, 2]);
  });

  void it('concurrent: every column starts at once; results in column order whatever finishes first', async () => {
    const g = gated(3);
    const all = runColumns(3, true, g.runOne);
    assert.deepEqual(g.started, [0, 1, 2]);
    g.release(2);
    g.release(0);
    g.release(1);
    assert.deepEqual(await all, [0, 10, 20]);
  });
});

void describe('diffTitle', () => {
  void it('names both columns by number, format and variant', () => {
    assert.equal(diffTitle({ index: 0, format: 'fc-v1', variant: 'card' }, { index: 1, format: 'xlam2-qwen', variant: 'vllm' }), '1: fc-v1/card ↔ 2: xlam2-qwen/vllm');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textBatcher } from '../../../src/host/playground/textBatcher';

describe('textBatcher', () => {
  it('sends a key\'s chunks together, and what is pending before another key\'s', () => {
    const sent: Array<[number, string]> = [];
    const batch = textBatcher<number>((key, text) => sent.push([key, text]));
    batch.append(0, 'a');
    batch.append(0, 'b');
    assert.deepEqual(sent, [], 'nothing is sent a chunk at a time');
    batch.append(1, 'c');
    batch.flush();
    batch.flush();
    assert.deepEqual(sent, [[0, 'ab'], [1, 'c']]);
  });

  it('sends on its own after the batch time', async () => {
    const sent: string[] = [];
    const batch = textBatcher<string>((_, text) => sent.push(text));
    batch.append('x', 'hello');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.deepEqual(sent, ['hello']);
  });
});

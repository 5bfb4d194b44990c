import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTO_MAX_SEQUENCES, chooseSequenceCount } from '../../../src/engines/local/sequenceCount';

const GB = 1024 ** 3;
/** A context whose KV cache costs `perSequence` bytes per sequence over 100 MB of fixed buffers. */
const memory = (perSequence: number, freeBytes: number) => ({ freeBytes, contextBytes: (n: number) => 100e6 + n * perSequence });

describe('chooseSequenceCount', () => {
  it('is 1 when not asked, and exactly the count given', () => {
    assert.equal(chooseSequenceCount(undefined, memory(1, GB)), 1);
    assert.equal(chooseSequenceCount(3, undefined), 3);
    assert.equal(chooseSequenceCount(16, memory(GB, GB)), 16);
  });

  it('refuses a count that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => chooseSequenceCount(bad, undefined), /sequences must be an integer ≥ 1 or "auto"/);
  });

  it('"auto" takes as many as fit in half the free memory, up to the cap', () => {
    assert.equal(chooseSequenceCount('auto', memory(10e6, 8 * GB)), AUTO_MAX_SEQUENCES);
    // 0.5 GB per sequence, 1.6 GB usable: 3 sequences (1.6 GB) fit, 4 (2.1 GB) do not.
    assert.equal(chooseSequenceCount('auto', memory(0.5e9, 3.2e9)), 3);
    assert.equal(chooseSequenceCount('auto', memory(4 * GB, GB)), 1);
  });

  it('"auto" follows the context size: a longer context leaves room for fewer sequences', () => {
    const kvPerToken = 196_608;
    const free = 6 * GB;
    const at = (contextSize: number) => chooseSequenceCount('auto', memory(kvPerToken * contextSize, free));
    assert.ok(at(16_384) < at(2_048), `${at(16_384)} vs ${at(2_048)}`);
  });

  it('"auto" without memory facts is 1', () => {
    assert.equal(chooseSequenceCount('auto', undefined), 1);
  });
});

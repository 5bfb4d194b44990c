import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { renderQuery } from '../../../src/core/formats/render';
import { parseToolsText } from '../../../src/core/loadInputs';
import { apportion, countBlockTokens, estimateBlockTokens, type Tokenizer } from '../../../src/core/tokens/blockTokens';

/** A toy BPE-like tokenizer: words, and runs of newlines merged into one token (merges across blocks). */
const toy: Tokenizer = (text) => (text.match(/\n+|[A-Za-z]+|[^\sA-Za-z]| +/g) ?? []).map((_, i) => i);

void describe('countBlockTokens', () => {
  void it('counts the whole prompt once for the total and apportions it over the blocks', () => {
    const blocks = [{ text: 'Hello\n' }, { text: '\nworld' }, { text: '' }];
    // Alone: 2 + 2 = 4 tokens; together "\n\n" merges: 3.
    const counts = countBlockTokens(blocks, toy);
    assert.equal(counts.total, 3);
    assert.equal(counts.approximate, true);
    assert.deepEqual(counts.blocks, [2, 1, 0]);
  });

  void it('is exact when the blocks tokenize on their own as they do together', () => {
    assert.deepEqual(countBlockTokens([{ text: 'a b' }, { text: ' c' }], toy), { blocks: [3, 2], total: 5, approximate: false });
  });

  void it('shares always sum to the total on a real prompt', () => {
    const tools = parseToolsText('[{"name": "get_weather", "description": "Weather", "parameters": {"type": "object", "properties": {}}}]');
    for (const format of ['fc-v1', 'general-v1', 'xlam2-qwen', 'xlam2-llama'] as const) {
      const { blocks } = renderQuery(format, tools, 'Weather in Paris?');
      const counts = countBlockTokens(blocks, toy);
      assert.equal(counts.blocks.reduce((a, b) => a + b, 0), counts.total, format);
      assert.equal(counts.blocks.length, blocks.length);
    }
  });

  void it('estimates without a tokenizer, flagged approximate', () => {
    const counts = estimateBlockTokens([{ text: 'x'.repeat(10) }, { text: 'y'.repeat(6) }]);
    assert.deepEqual(counts, { blocks: [3, 1], total: 4, approximate: true });
  });
});

void describe('apportion', () => {
  void it('gives integer shares that sum to the total and follow the weights', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { maxLength: 30 }), fc.nat(5000), (weights, total) => {
        const shares = apportion(weights, total);
        assert.equal(shares.length, weights.length);
        if (weights.length > 0) assert.equal(shares.reduce((a, b) => a + b, 0), total);
        const sum = weights.reduce((a, b) => a + b, 0);
        shares.forEach((share, i) => {
          assert.ok(Number.isInteger(share) && share >= 0);
          if (sum > 0) assert.ok(Math.abs(share - ((weights[i] as number) * total) / sum) < 1);
        });
      }),
    );
  });
});

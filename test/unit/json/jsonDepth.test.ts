import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkJsonDepth, findTooDeep, MAX_JSON_DEPTH } from '../../../src/core/json/jsonDepth';
import { InputError } from '../../../src/core/errors';
import { parseJsonTree } from '../../../src/core/lint/jsonTree';

describe('findTooDeep / checkJsonDepth', () => {
  it('counts only brackets outside strings, escapes included', () => {
    assert.equal(findTooDeep('["[[[", "\\"[[["]', 0, undefined, 1), undefined);
    assert.equal(findTooDeep('[["\\\\"]]', 0, undefined, 1), 1);
    assert.equal(findTooDeep('[]]]][[', 0, undefined, 1), 6);
  });

  it('agrees with lint\'s parser on where valid JSON gets too deep (random JSON, random limits)', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'large' }), fc.integer({ min: 1, max: 6 }), (text, limit) => {
        const tree = parseJsonTree(text, 0, text.length, limit);
        const at = findTooDeep(text, 0, text.length, limit);
        assert.equal(at, tree.ok ? undefined : tree.offset);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('throws the located json-too-deep InputError past MAX_JSON_DEPTH', () => {
    assert.doesNotThrow(() => checkJsonDepth('['.repeat(MAX_JSON_DEPTH)));
    const text = `\n ${'['.repeat(MAX_JSON_DEPTH + 1)}`;
    assert.throws(() => checkJsonDepth(text, 'f.json'), (e: unknown) => e instanceof InputError && e.describe() === `f.json:2:${MAX_JSON_DEPTH + 2}: json-too-deep: JSON nested deeper than ${MAX_JSON_DEPTH} levels: Python's json.loads raises RecursionError here`);
  });
});

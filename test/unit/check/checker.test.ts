import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOutput } from '../../../src/core/check/checkCalls';
import { readCheckInputs } from '../../../src/core/check/readCheckInputs';
import type { CheckerMode } from '../../../src/core/check/types';
import { ALL_CASES, BFCL_ERROR_TYPES } from './cases';
import { jsonText, type CheckCase } from './fixtures';

function runCase(c: CheckCase, mode: CheckerMode) {
  const expected = c.expected === undefined ? undefined : { text: jsonText(c.expected), file: 'answer.json' };
  const input = readCheckInputs(c.category, { text: jsonText(c.functions), file: 'functions.json' }, expected, { text: jsonText(c.output), file: 'output.json' });
  return checkOutput(input, { mode, enforceOrder: c.enforceOrder === true });
}

describe('checker table (traced through gorilla ast_checker.py)', () => {
  it('has at least 40 cases with distinct names, and quirk cases where only bfcl rejects', () => {
    assert.ok(ALL_CASES.length >= 40, `${ALL_CASES.length} cases`);
    assert.equal(new Set(ALL_CASES.map((c) => c.name)).size, ALL_CASES.length);
    const quirks = ALL_CASES.filter((c) => c.expect[0] !== null && c.expect[1] === null);
    assert.ok(quirks.length >= 7, quirks.map((c) => c.name).join('; '));
    // The default checker never rejects what bfcl accepts.
    assert.deepEqual(ALL_CASES.filter((c) => c.expect[0] === null && c.expect[1] !== null).map((c) => c.name), []);
  });

  it('covers every error type the BFCL checker can produce', () => {
    const seen = new Set(ALL_CASES.map((c) => c.expect[0]));
    assert.deepEqual(BFCL_ERROR_TYPES.filter((type) => !seen.has(type)), []);
  });

  for (const mode of ['bfcl', 'default'] as const) {
    describe(`--checker ${mode}`, () => {
      for (const c of ALL_CASES) {
        it(`${c.category}: ${c.name}`, () => {
          const want = c.expect[mode === 'bfcl' ? 0 : 1];
          const verdict = runCase(c, mode);
          assert.deepEqual({ valid: verdict.valid, errorType: verdict.errorType }, { valid: want === null, errorType: want }, verdict.message);
          assert.ok(verdict.message.length > 0);
        });
      }
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grammarReportJson, runNotes } from '../../../src/core/engine/runReport';
import type { GenerateResult, GrammarReport } from '../../../src/core/engine/types';
import { compactJson } from '../../../src/core/json/pyJsonDumps';

const timings = { promptTokens: 10, cachedPromptTokens: 0, ttftMs: 1, tokensPerSecond: 1, completionTokens: 5 };
const result = (extra: Partial<GenerateResult>): GenerateResult => ({ text: '', calls: [], content: '', timings, finishReason: 'stop', ...extra });
const grammar: GrammarReport = {
  limits: { maxStringChars: 12, maxCalls: 2, maxItems: 16 },
  maxOutputChars: 196,
  budgetChars: 100,
  tokensPerChar: 4,
  fitsBudget: false,
  dropped: [{ tool: 'get_weather', path: '/properties/days', keyword: 'minimum' }],
};

describe('run notes: what a user is told after a run', () => {
  it('a plain run that finished says nothing', () => {
    assert.deepEqual(runNotes(result({}), 1024, '--max-tokens'), []);
  });

  it('the grammar bounds, a budget that does not fit (explaining a byte-level vocabulary), and each unenforced keyword', () => {
    assert.deepEqual(runNotes(result({ grammar }), 400, 'xlam.run.maxTokens'), [
      'grammar: strings ≤ 12 chars, ≤ 2 calls, arrays ≤ 16 items; longest answer 196 characters',
      'warning: the longest answer these tools allow does not fit xlam.run.maxTokens 400 (room for 100 characters: this vocabulary spells text byte by byte, up to 4 tokens a character): a long answer may be cut off',
      'grammar: tool "get_weather" /properties/days: minimum is not enforced (the output may violate it)',
    ]);
  });

  it('a recursive $ref has no finite worst case; a cut-off answer without calls says so', () => {
    const notes = runNotes(result({ grammar: { ...grammar, maxOutputChars: Infinity, tokensPerChar: 1, budgetChars: 400, dropped: [] }, finishReason: 'length' }), 400, '--max-tokens');
    assert.deepEqual(notes, [
      'grammar: strings ≤ 12 chars, ≤ 2 calls, arrays ≤ 16 items; longest answer unbounded (recursive $ref)',
      'warning: the longest answer these tools allow does not fit --max-tokens 400: a long answer may be cut off',
      'warning: the output stopped at --max-tokens 400 before the model finished; no complete call was read',
    ]);
  });

  it('the JSON form keeps every field, with null for an unbounded worst case', () => {
    assert.equal(
      compactJson(grammarReportJson({ ...grammar, maxOutputChars: Infinity })),
      '{"limits":{"maxStringChars":12,"maxCalls":2,"maxItems":16},"maxOutputChars":null,"budgetChars":100,"tokensPerChar":4,"fitsBudget":false,"dropped":[{"tool":"get_weather","path":"/properties/days","keyword":"minimum"}]}',
    );
  });
});

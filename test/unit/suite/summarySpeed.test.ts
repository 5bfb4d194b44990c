import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trialLine } from '../../../src/core/suite/record';
import type { TrialOutcome } from '../../../src/core/suite/runCases';
import { summarize } from '../../../src/core/suite/summary';
import { summaryText } from '../../../src/core/suite/summaryText';

const outcome = (caseId: string, tokensPerSecond: number): TrialOutcome => ({
  suiteFile: 's.fctest.json',
  caseId,
  category: 'simple',
  checkCategory: 'simple',
  expectedNames: ['f'],
  trial: 0,
  promptSha256: '0'.repeat(64),
  raw: '[]',
  calls: [],
  finishReason: 'stop',
  verdict: { valid: false, errorType: 'simple_function_checker:wrong_count', message: 'no call' },
  timings: { promptTokens: 10, cachedPromptTokens: 0, ttftMs: 1, tokensPerSecond, completionTokens: 3 },
  wallMs: 5,
});

void describe('the summary\'s decode speed', () => {
  void it('is the mean of the speeds as the record keeps them, so a run and its replay print the same', () => {
    // Unrounded, 1.04, 1.04 and 1.07 average 1.05 (printed "1.1" or "1.0" by the float's luck);
    // as recorded (1.0, 1.0, 1.1) they average 1.033…, printed "1.0" by both.
    const live = [outcome('a', 1.04), outcome('b', 1.04), outcome('c', 1.07)];
    const summary = summarize(live);
    assert.equal(summary.tokensPerSecond, (1.0 + 1.0 + 1.1) / 3);
    assert.ok(summaryText(summary).includes('1.0 tok/s'), summaryText(summary));
    const fromRecord = live.map((o) => trialLine(o)).join('');
    assert.match(fromRecord, /"tokensPerSecond": ?1\.1\b/, 'the record keeps 1.07 as 1.1');
  });
});

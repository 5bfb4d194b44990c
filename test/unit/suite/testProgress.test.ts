import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlannedCase } from '../../../src/core/suite/plan';
import type { TrialOutcome } from '../../../src/core/suite/runCases';
import { TestProgress } from '../../../src/cli/testProgress';
import { capture } from './support';

const planned = (id: string): PlannedCase => ({ suite: { name: 'travel' }, item: { id } }) as unknown as PlannedCase;
const outcome = (id: string, valid: boolean): TrialOutcome =>
  ({
    caseId: id,
    verdict: { valid, errorType: valid ? null : 'value_error:string', message: valid ? 'valid' : 'invalid value for parameter "city"' },
    timings: { promptTokens: 100, cachedPromptTokens: 80, ttftMs: 5, tokensPerSecond: 50, completionTokens: 10 },
    wallMs: 200,
  }) as unknown as TrialOutcome;

describe('xlam-lab test progress', () => {
  it('on a terminal: one redrawn status line (bar, cases, pass/fail, tok/s, ETA), failures printed above it', () => {
    const io = Object.assign(capture(), { stderrIsTerminal: true });
    const progress = new TestProgress(io, 2, 2);
    progress.trialDone(outcome('a', false));
    progress.caseDone(planned('a'), [outcome('a', false)]);
    assert.match(progress.status(), /^\[#{12}\.{12}\] 1\/2 cases · 0 passed, 1 failed · 50\.0 tok\/s · ETA \d+s$/);
    progress.trialDone(outcome('b', true));
    progress.caseDone(planned('b'), [outcome('b', true)]);
    progress.finish();
    assert.ok(io.err.includes('\r\u001b[2KFAIL travel › a (200 ms, prompt 100 tokens (80 reused)): invalid value for parameter "city"\n'), JSON.stringify(io.err));
    assert.ok(io.err.endsWith('ETA 0s\n'), JSON.stringify(io.err.slice(-80)));
    assert.doesNotMatch(io.err, /pass travel › b/, 'passing cases only move the bar');
  });

  it('otherwise: one plain line per case', () => {
    const io = capture();
    const progress = new TestProgress(io, 1, 1);
    progress.trialDone(outcome('a', true));
    progress.caseDone(planned('a'), [outcome('a', true)]);
    progress.finish();
    assert.equal(io.err, '[1/1] pass travel › a (200 ms, prompt 100 tokens (80 reused))\n');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracyByCategory, runMetrics, toolNameScores, type ScoredCase } from '../../../src/core/check/metrics';
import { passAtK, passHatK, trialSummary } from '../../../src/core/check/passAtK';

const close = (actual: number, expected: number, tolerance = 1e-12) => assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} vs ${expected}`);

describe('pass@k and pass^k', () => {
  it('pass@k matches 1 - C(n-c,k)/C(n,k) computed by hand', () => {
    // n=5, c=2, k=2: C(3,2)/C(5,2) = 3/10 → 0.7.
    close(passAtK(5, 2, 2), 0.7);
    // n=10, c=3, k=1: c/n.
    close(passAtK(10, 3, 1), 0.3);
    // n=10, c=3, k=5: C(7,5)/C(10,5) = 21/252 → 1 - 1/12.
    close(passAtK(10, 3, 5), 11 / 12);
    // n=4, c=1, k=4: every draw includes the one correct sample.
    assert.equal(passAtK(4, 1, 4), 1);
    // n - c < k: some correct sample is always drawn.
    assert.equal(passAtK(5, 3, 3), 1);
    assert.equal(passAtK(5, 0, 3), 0);
  });

  it('pass@k stays accurate for large n and tiny answers (no binomial overflow, no cancellation)', () => {
    // n=2000, c=1, k=1: exactly 1/2000.
    close(passAtK(2000, 1, 1), 1 / 2000);
    // k=1 is c/n whatever the form: 2e-4.
    close(passAtK(10000, 2, 1), 2e-4);
    // C(1000,500) overflows doubles; the product form does not: n=1000, c=1, k=500 → k/n = 0.5.
    close(passAtK(1000, 1, 500), 0.5);
  });

  it('pass^k is C(c,k)/C(n,k): all k drawn samples correct', () => {
    // n=5, c=3, k=2: C(3,2)/C(5,2) = 3/10.
    close(passHatK(5, 3, 2), 0.3);
    // n=10, c=8, k=3: C(8,3)/C(10,3) = 56/120.
    close(passHatK(10, 8, 3), 56 / 120);
    assert.equal(passHatK(4, 4, 4), 1);
    assert.equal(passHatK(4, 3, 4), 0);
    assert.equal(passHatK(4, 1, 2), 0);
    close(passHatK(1000, 999, 500), 0.5);
  });

  it('rejects impossible counts', () => {
    assert.throws(() => passAtK(3, 4, 1), RangeError);
    assert.throws(() => passAtK(3, 1, 4), RangeError);
    assert.throws(() => passHatK(3, 1, 0), RangeError);
    assert.throws(() => passHatK(3, 1.5, 1), RangeError);
  });

  it('summarises a run of trials per case', () => {
    const trials = [
      [true, true, true], // c=3: pass@2 = 1, pass^2 = 1, first two correct
      [true, false, false], // c=1: pass@2 = 1 - C(2,2)/C(3,2) = 2/3, pass^2 = 0
      [false, true, true], // c=2: pass@2 = 1, pass^2 = C(2,2)/C(3,2) = 1/3, first two not all correct
    ];
    const summary = trialSummary(trials, 2);
    assert.equal(summary.cases, 3);
    close(summary.passAtK, (1 + 2 / 3 + 1) / 3);
    close(summary.passHatK, (1 + 0 + 1 / 3) / 3);
    close(summary.allKCorrect, 1 / 3);
    // With n = k, the estimator is the observed "all k correct".
    const exact = trialSummary([[true, true], [true, false]], 2);
    assert.equal(exact.passHatK, exact.allKCorrect);
    assert.equal(exact.passHatK, 0.5);
  });
});

describe('run metrics', () => {
  const cases: ScoredCase[] = [
    { category: 'simple', valid: true, expectedNames: ['f'], calledNames: ['f'] },
    { category: 'simple', valid: false, expectedNames: ['f'], calledNames: ['g'] },
    { category: 'parallel', valid: false, expectedNames: ['f', 'f'], calledNames: ['f'] },
    { category: 'irrelevance', valid: true, expectedNames: [], calledNames: [] },
    { category: 'irrelevance', valid: false, expectedNames: [], calledNames: ['f'] },
  ];

  it('gives accuracy per category in order of appearance, and overall', () => {
    assert.deepEqual(
      accuracyByCategory(cases).map((a) => [a.category, a.correct, a.total]),
      [['simple', 1, 2], ['parallel', 0, 1], ['irrelevance', 1, 2]],
    );
    const metrics = runMetrics(cases);
    assert.deepEqual([metrics.overall.correct, metrics.overall.total], [2, 5]);
    assert.equal(metrics.irrelevance, 0.5);
  });

  it('counts tool names as multisets per case', () => {
    // Called f, g, f, f (4); expected f, f, f, f (4); true positives: case 1's f and case 3's one f.
    const scores = toolNameScores(cases);
    assert.deepEqual([scores.truePositives, scores.called, scores.expected], [2, 4, 4]);
    assert.equal(scores.precision, 0.5);
    assert.equal(scores.recall, 0.5);
    assert.equal(scores.f1, 0.5);
  });

  it('leaves undefined scores null instead of dividing by zero', () => {
    const none = toolNameScores([{ category: 'irrelevance', valid: true, expectedNames: [], calledNames: [] }]);
    assert.deepEqual([none.precision, none.recall, none.f1], [null, null, null]);
    const wrong = toolNameScores([{ category: 'simple', valid: false, expectedNames: ['f'], calledNames: ['g'] }]);
    assert.deepEqual([wrong.precision, wrong.recall, wrong.f1], [0, 0, 0]);
    assert.equal(runMetrics([]).irrelevance, null);
  });
});

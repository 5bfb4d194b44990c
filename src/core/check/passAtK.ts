/**
 * pass@k and pass^k from n samples of which c are correct (Chen et al. 2021; τ-bench). Both are
 * products of ratios rather than binomials, so n in the thousands neither overflows nor loses
 * the small differences that factorials would cancel.
 */

function checkCounts(n: number, c: number, k: number): void {
  if (![n, c, k].every(Number.isInteger) || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`pass@k needs integers 0 <= c <= n and 1 <= k <= n (got n=${n}, c=${c}, k=${k})`);
  }
}

/**
 * The unbiased pass@k estimator, 1 - C(n-c, k) / C(n, k): the chance that at least one of k
 * samples drawn without replacement is correct. Computed as -expm1(Σ log1p(-k/i)) over
 * i = n-c+1..n, exact to rounding even when the answer is tiny.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  if (c === 0) return 0;
  if (n - c < k) return 1;
  let logMiss = 0;
  for (let i = n - c + 1; i <= n; i++) logMiss += Math.log1p(-k / i);
  return -Math.expm1(logMiss);
}

/** The unbiased pass^k estimator, C(c, k) / C(n, k): the chance that k samples drawn without replacement are all correct. */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  if (c < k) return 0;
  let all = 1;
  for (let i = 0; i < k; i++) all *= (c - i) / (n - i);
  return all;
}

export interface TrialSummary {
  cases: number;
  k: number;
  /** Mean over cases of the unbiased pass@k. */
  passAtK: number;
  /** Mean over cases of the unbiased pass^k, C(c,k)/C(n,k). */
  passHatK: number;
  /** pass^k as observed: the share of cases whose first k trials all passed (all trials when n = k). */
  allKCorrect: number;
}

/** pass@k and pass^k over a run: one list of trial outcomes per case, each with at least k trials. */
export function trialSummary(trials: ReadonlyArray<readonly boolean[]>, k: number): TrialSummary {
  if (trials.length === 0) return { cases: 0, k, passAtK: 0, passHatK: 0, allKCorrect: 0 };
  let at = 0;
  let hat = 0;
  let all = 0;
  for (const outcomes of trials) {
    const n = outcomes.length;
    const c = outcomes.filter(Boolean).length;
    at += passAtK(n, c, k);
    hat += passHatK(n, c, k);
    if (outcomes.slice(0, k).every(Boolean)) all++;
  }
  return { cases: trials.length, k, passAtK: at / trials.length, passHatK: hat / trials.length, allKCorrect: all / trials.length };
}

/**
 * The same from counts: each case ran n = k trials of which c passed (so "its first k passed" is
 * c = k). What a streamed summary keeps per case instead of every trial.
 */
export function trialSummaryOfCounts(cases: ReadonlyArray<{ trials: number; passed: number }>, k: number): TrialSummary {
  if (cases.length === 0) return { cases: 0, k, passAtK: 0, passHatK: 0, allKCorrect: 0 };
  let at = 0;
  let hat = 0;
  let all = 0;
  for (const { trials: n, passed: c } of cases) {
    if (n !== k) throw new RangeError(`trialSummaryOfCounts needs n = k (got n=${n}, k=${k})`);
    at += passAtK(n, c, k);
    hat += passHatK(n, c, k);
    if (c === k) all++;
  }
  return { cases: cases.length, k, passAtK: at / cases.length, passHatK: hat / cases.length, allKCorrect: all / cases.length };
}

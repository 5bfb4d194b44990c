import { MetricsTally, type RunMetrics, type ScoredCase } from '../check/metrics';
import { trialSummaryOfCounts, type TrialSummary } from '../check/passAtK';
import { InputError } from '../errors';
import type { TrialOutcome } from './runCases';
import { recordedSpeed } from './record';
import { lowestConfidence } from '../confidence/confidenceOutput';
import { isLowConfidence } from './lowConfidence';

export interface SuiteSummary {
  cases: number;
  passedCases: number;
  failedCases: number;
  /** Trials per case (the largest, when suites differ). */
  trials: number;
  /** Over every trial of every case. */
  metrics: RunMetrics;
  /** pass@k and pass^k over the cases, when k > 1. */
  passK?: TrialSummary;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  /** Mean decode speed over the trials that generated. */
  tokensPerSecond: number;
  engineErrors: number;
  /** Runs with a confidence threshold: the passing cases whose lowest call confidence is under it. */
  confidence?: { threshold: number; lowPasses: LowConfidencePass[] };
}

export interface LowConfidencePass {
  suiteFile: string;
  caseId: string;
  lowest: number;
}

/** The trials of each case, in run order. */
export function groupByCase(outcomes: readonly TrialOutcome[]): TrialOutcome[][] {
  const groups = new Map<string, TrialOutcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.suiteFile}\n${outcome.caseId}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [outcome]);
    else group.push(outcome);
  }
  return [...groups.values()];
}

/** A case passes when every one of its trials passes (pass^k, observed). */
export function casePassed(trials: readonly TrialOutcome[]): boolean {
  return trials.length > 0 && trials.every((trial) => trial.verdict.valid);
}

export function scored(outcome: TrialOutcome): ScoredCase {
  return { category: outcome.category, valid: outcome.verdict.valid, expectedNames: outcome.expectedNames, calledNames: outcome.calls.map((call) => call.name) };
}

export function summarize(outcomes: readonly TrialOutcome[], minConfidence?: number): SuiteSummary {
  const tally = new SummaryTally(minConfidence);
  for (const outcome of outcomes) tally.add(outcome);
  return tally.result();
}

interface CaseTally {
  trials: number;
  passed: number;
  /** Lowest call confidence over its trials, when any had one. */
  lowest?: number;
}

/**
 * The summary counted trial by trial, so a replay of a 100,000-case record holds counts, not
 * outcomes: two numbers per case (pass@k needs each case's trials and passes) and running sums.
 * A case's trials come in a row, as a run and its record give them; one coming back after
 * another case is an InputError (the reports written as cases end could not take it back).
 */
export class SummaryTally {
  /** suite file → case id → counts: keys are the outcomes' own strings, no copies. */
  private readonly cases = new Map<string, Map<string, CaseTally>>();
  private current: CaseTally | undefined;
  private caseCount = 0;
  private passedCases = 0;
  private readonly metrics = new MetricsTally();
  private promptTokens = 0;
  private cachedPromptTokens = 0;
  private completionTokens = 0;
  private generated = 0;
  private tokensPerSecondSum = 0;
  private engineErrors = 0;
  trialCount = 0;

  /** `minConfidence`: flag passing cases whose lowest call confidence is under it. */
  constructor(private readonly minConfidence?: number) {}

  /** Counts one trial; true when it is the first of its case. */
  add(outcome: TrialOutcome): boolean {
    let bySuite = this.cases.get(outcome.suiteFile);
    if (bySuite === undefined) this.cases.set(outcome.suiteFile, (bySuite = new Map<string, CaseTally>()));
    let tally = bySuite.get(outcome.caseId);
    const first = tally === undefined;
    if (tally === undefined) {
      bySuite.set(outcome.caseId, (tally = { trials: 0, passed: 0 }));
      this.caseCount++;
      this.passedCases++;
    } else if (tally !== this.current) {
      throw new InputError(`a trial of case "${outcome.caseId}" (${outcome.suiteFile}) comes after other cases: a case's trials must come in a row, as a run records them`);
    }
    this.current = tally;
    const lowest = lowestConfidence(outcome.confidence);
    if (lowest !== undefined && (tally.lowest === undefined || lowest < tally.lowest)) tally.lowest = lowest;
    if (outcome.verdict.valid) tally.passed++;
    else if (tally.passed === tally.trials) this.passedCases--; // its first failing trial
    tally.trials++;
    this.trialCount++;
    this.metrics.add(scored(outcome));
    const t = outcome.timings;
    if (t !== undefined) {
      this.promptTokens += t.promptTokens;
      this.cachedPromptTokens += t.cachedPromptTokens;
      this.completionTokens += t.completionTokens;
      if (t.tokensPerSecond > 0) {
        this.generated++;
        // At the record's precision (0.1 tok/s), so a run and the replay of its record print the
        // same mean: unrounded speeds could average to the other side of a rounding boundary.
        this.tokensPerSecondSum += recordedSpeed(t.tokensPerSecond);
      }
    }
    if (outcome.finishReason === 'error') this.engineErrors++;
    return first;
  }

  result(): SuiteSummary {
    let trials = 1;
    for (const bySuite of this.cases.values()) for (const tally of bySuite.values()) trials = Math.max(trials, tally.trials);
    const complete: CaseTally[] = [];
    if (trials > 1) for (const bySuite of this.cases.values()) for (const tally of bySuite.values()) if (tally.trials === trials) complete.push(tally);
    return {
      cases: this.caseCount,
      passedCases: this.passedCases,
      failedCases: this.caseCount - this.passedCases,
      trials,
      metrics: this.metrics.result(),
      ...(trials > 1 ? { passK: trialSummaryOfCounts(complete, trials) } : {}),
      promptTokens: this.promptTokens,
      cachedPromptTokens: this.cachedPromptTokens,
      completionTokens: this.completionTokens,
      tokensPerSecond: this.generated === 0 ? 0 : this.tokensPerSecondSum / this.generated,
      engineErrors: this.engineErrors,
      ...(this.minConfidence !== undefined ? { confidence: { threshold: this.minConfidence, lowPasses: this.lowPasses(this.minConfidence) } } : {}),
    };
  }

  private lowPasses(threshold: number): LowConfidencePass[] {
    const low: LowConfidencePass[] = [];
    for (const [suiteFile, bySuite] of this.cases) {
      for (const [caseId, tally] of bySuite) if (tally.passed === tally.trials && isLowConfidence(tally.lowest, threshold)) low.push({ suiteFile, caseId, lowest: tally.lowest ?? 0 });
    }
    return low;
  }
}

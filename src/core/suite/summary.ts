import { runMetrics, type RunMetrics, type ScoredCase } from '../check/metrics';
import { trialSummary, type TrialSummary } from '../check/passAtK';
import type { TrialOutcome } from './runCases';

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

export function summarize(outcomes: readonly TrialOutcome[]): SuiteSummary {
  const cases = groupByCase(outcomes);
  const trials = Math.max(1, ...cases.map((group) => group.length));
  const passedCases = cases.filter(casePassed).length;
  const generated = outcomes.filter((o) => o.timings !== undefined && o.timings.tokensPerSecond > 0);
  const complete = cases.filter((group) => group.length >= trials);
  return {
    cases: cases.length,
    passedCases,
    failedCases: cases.length - passedCases,
    trials,
    metrics: runMetrics(outcomes.map(scored)),
    ...(trials > 1 ? { passK: trialSummary(complete.map((group) => group.map((o) => o.verdict.valid)), trials) } : {}),
    promptTokens: sum(outcomes, (o) => o.timings?.promptTokens ?? 0),
    cachedPromptTokens: sum(outcomes, (o) => o.timings?.cachedPromptTokens ?? 0),
    completionTokens: sum(outcomes, (o) => o.timings?.completionTokens ?? 0),
    tokensPerSecond: generated.length === 0 ? 0 : sum(generated, (o) => o.timings?.tokensPerSecond ?? 0) / generated.length,
    engineErrors: outcomes.filter((o) => o.finishReason === 'error').length,
  };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

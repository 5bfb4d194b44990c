import { lowestConfidence } from '../confidence/confidenceOutput';
import type { TrialOutcome } from './runCases';

/** Below this lowest call confidence a passing case is flagged (`--min-confidence`, `xlam.suite.minConfidence`). */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** The lowest name confidence of any call in any trial of a case; undefined when none has one. */
export function caseLowestConfidence(trials: readonly TrialOutcome[]): number | undefined {
  let lowest: number | undefined;
  for (const trial of trials) {
    const p = lowestConfidence(trial.confidence);
    if (p !== undefined && (lowest === undefined || p < lowest)) lowest = p;
  }
  return lowest;
}

/**
 * A pass the model was unsure of: it passed, but some call's name had a probability under
 * `threshold`, so another run (or a quantization) may well pick another tool.
 */
export function isLowConfidence(lowest: number | undefined, threshold: number): boolean {
  return lowest !== undefined && lowest < threshold;
}

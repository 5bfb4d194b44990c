import type { CheckerMode } from '../check/types';
import type { RecordedTrial } from './record';
import type { TrialOutcome } from './runCases';
import { expectedNames, scoreCase } from './scoreCase';
import type { SuiteCase } from './types';

/**
 * A recorded trial scored again against the case as it is now, with `checker`: the model's side
 * (raw output, parsed calls, timings) is kept as recorded. An engine failure stays a failure.
 */
export function rescoreTrial(recorded: RecordedTrial, suiteFile: string, item: SuiteCase, checker: CheckerMode): TrialOutcome {
  const verdict =
    recorded.finishReason === 'error'
      ? recorded.verdict
      : scoreCase(item, { calls: recorded.calls, ...(recorded.parseError !== undefined ? { parseError: recorded.parseError } : {}) }, checker);
  return {
    suiteFile,
    caseId: item.id,
    category: item.category,
    checkCategory: item.checkCategory,
    expectedNames: expectedNames(item),
    trial: recorded.trial,
    promptSha256: recorded.promptSha256,
    ...(recorded.seed !== undefined ? { seed: recorded.seed } : {}),
    raw: recorded.raw,
    calls: recorded.calls,
    ...(recorded.parseError !== undefined ? { parseError: recorded.parseError } : {}),
    finishReason: recorded.finishReason,
    verdict,
    ...(recorded.timings !== undefined ? { timings: recorded.timings } : {}),
    ...(recorded.confidence !== undefined ? { confidence: recorded.confidence } : {}),
    wallMs: recorded.wallMs,
  };
}

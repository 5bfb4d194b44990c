import { renderRequest } from '../engine/renderRequest';
import { EngineError, type Engine, type FinishReason, type GenerateRequest, type GenerateTimings } from '../engine/types';
import type { CheckVerdict } from '../check/types';
import type { ParsedCall } from '../parse/types';
import type { PlannedCase } from './plan';
import { sha256 } from './readSuite';
import { engineFailure, expectedNames, scoreCase } from './scoreCase';

/** One trial of one case: what went in (by hash), what came out, and the verdict. */
export interface TrialOutcome {
  suiteFile: string;
  caseId: string;
  category: string;
  checkCategory: string;
  /** Function names of the expectation (tool-name precision and recall). */
  expectedNames: string[];
  trial: number;
  promptSha256: string;
  seed?: number;
  raw: string;
  calls: ParsedCall[];
  parseError?: string;
  finishReason: FinishReason | 'error';
  verdict: CheckVerdict;
  /** Absent when the engine failed. */
  timings?: GenerateTimings;
  wallMs: number;
}

export interface RunEvents {
  /** Before each trial. */
  onTrialStart?: (planned: PlannedCase, trial: number) => void;
  onTrial?: (outcome: TrialOutcome, planned: PlannedCase) => void;
  /** After a case's last trial. */
  onCaseDone?: (planned: PlannedCase, outcomes: readonly TrialOutcome[]) => void;
}

export interface RunResult {
  outcomes: TrialOutcome[];
  /** The signal stopped the run; the cases not reached have no outcome. */
  cancelled: boolean;
}

/** Failures after which no further case can run: the run stops with the error. */
const FATAL: ReadonlySet<string> = new Set(['disposed', 'endpoint-refused', 'out-of-memory', 'model-not-found', 'model-corrupt', 'unsupported-model']);

/** The request of one trial: trial t uses seed + t, so k trials are k different samples that a rerun repeats. */
export function trialRequest(planned: PlannedCase, trial: number, signal: AbortSignal | undefined): GenerateRequest {
  const { settings, item } = planned;
  const seed = settings.sampling.seed === undefined ? undefined : settings.sampling.seed + trial;
  return {
    format: settings.format,
    ...(settings.variant !== undefined ? { variant: settings.variant } : {}),
    tools: item.tools,
    messages: item.messages,
    sampling: { ...settings.sampling, ...(seed !== undefined ? { seed } : {}) },
    grammar: settings.grammar,
    ...(signal ? { signal } : {}),
  };
}

/**
 * The one suite runner, over any Engine (the CLI's and the Test Explorer's): every planned case,
 * `trials` times each, scored as it ends. An engine failure fails its case and the run goes on,
 * unless no later case could run either (FATAL), which rejects.
 */
export async function runCases(engine: Pick<Engine, 'generate'>, plan: readonly PlannedCase[], options: { signal?: AbortSignal; events?: RunEvents } = {}): Promise<RunResult> {
  const { signal, events = {} } = options;
  const outcomes: TrialOutcome[] = [];
  for (const planned of plan) {
    const mine: TrialOutcome[] = [];
    for (let trial = 0; trial < planned.settings.trials; trial++) {
      if (signal?.aborted) return { outcomes, cancelled: true };
      events.onTrialStart?.(planned, trial);
      const outcome = await runTrial(engine, planned, trial, signal);
      if (outcome === undefined) return { outcomes, cancelled: true };
      mine.push(outcome);
      outcomes.push(outcome);
      events.onTrial?.(outcome, planned);
    }
    events.onCaseDone?.(planned, mine);
  }
  return { outcomes, cancelled: false };
}

async function runTrial(engine: Pick<Engine, 'generate'>, planned: PlannedCase, trial: number, signal: AbortSignal | undefined): Promise<TrialOutcome | undefined> {
  const request = trialRequest(planned, trial, signal);
  const base = {
    suiteFile: planned.suite.file,
    caseId: planned.item.id,
    category: planned.item.category,
    checkCategory: planned.item.checkCategory,
    expectedNames: expectedNames(planned.item),
    trial,
    promptSha256: sha256(renderRequest(request).prompt),
    ...(request.sampling?.seed !== undefined ? { seed: request.sampling.seed } : {}),
  };
  const started = performance.now();
  try {
    const result = await engine.generate(request);
    if (result.finishReason === 'cancelled' || signal?.aborted) return undefined;
    const parseError = result.parseError?.message;
    const verdict = scoreCase(planned.item, { calls: result.calls, ...(parseError !== undefined ? { parseError } : {}) }, planned.settings.checker);
    return { ...base, raw: result.text, calls: result.calls, ...(parseError !== undefined ? { parseError } : {}), finishReason: result.finishReason, verdict, timings: result.timings, wallMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code === 'cancelled' || signal?.aborted) return undefined;
    if (FATAL.has(error.code)) throw error;
    return { ...base, raw: '', calls: [], finishReason: 'error', verdict: engineFailure(error.code, error.message), wallMs: Math.round(performance.now() - started) };
  }
}

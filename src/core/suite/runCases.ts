import { renderRequest } from '../engine/renderRequest';
import { EngineError, type Engine, type FinishReason, type GenerateRequest, type GenerateTimings } from '../engine/types';
import type { CheckVerdict } from '../check/types';
import type { ParsedCall } from '../parse/types';
import type { RunConfidence } from '../confidence/types';
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
  /** Runs that asked for confidence (and the engine did not fail). */
  confidence?: RunConfidence;
  wallMs: number;
}

/**
 * What a run reports as it goes. With several trials in flight, `onTrialStart` and `onTrial` fire
 * as trials start and end (not in plan order); `onCaseDone` always fires in plan order, a case's
 * report held back until every case before it is done.
 */
export interface RunEvents {
  /** Before each trial, as it is launched. */
  onTrialStart?: (planned: PlannedCase, trial: number) => void;
  /** After each trial, as it ends (any order under concurrency). */
  onTrial?: (outcome: TrialOutcome, planned: PlannedCase) => void;
  /** After a case's last trial, in plan order, with its trials in order. */
  onCaseDone?: (planned: PlannedCase, outcomes: readonly TrialOutcome[]) => void;
}

export interface RunResult {
  /**
   * In (case, trial) plan order whatever finished first. After a cancel: every case whose trials
   * all finished, still in plan order; a case cut short has no outcome at all, so the summary
   * counts only whole cases.
   */
  outcomes: TrialOutcome[];
  /** The signal stopped the run; the cases not finished have no outcome. */
  cancelled: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  events?: RunEvents;
  /** Trials in flight at once (≥ 1); default: the engine's `info().parallel`, else 1. */
  concurrency?: number;
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
    ...(settings.confidence === true ? { confidence: true } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** The width a run uses: the one asked for, else what the engine says it serves at once, else 1. */
export function runConcurrency(engine: { info?: Engine['info'] }, asked: number | undefined): number {
  const width = asked ?? engine.info?.().parallel ?? 1;
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`concurrency must be an integer ≥ 1 (got ${width})`);
  return width;
}

/**
 * The one suite runner, over any Engine (the CLI's and the Test Explorer's): every planned case,
 * `trials` times each, scored as it ends, up to `concurrency` trials in flight (a small worker pool
 * over the (case, trial) list, launched in plan order). An engine failure fails its case and the
 * run goes on, unless no later case could run either (FATAL): then nothing new is launched, the
 * trials in flight are aborted, and the run rejects once they have all settled. A cancel aborts
 * every trial in flight at once and resolves `cancelled` (see RunResult for what is kept).
 */
export async function runCases(engine: Pick<Engine, 'generate'> & { info?: Engine['info'] }, plan: readonly PlannedCase[], options: RunOptions = {}): Promise<RunResult> {
  const { events = {} } = options;
  const width = runConcurrency(engine, options.concurrency);
  const cases: CaseState[] = plan.map((planned) => ({ planned, outcomes: [], left: planned.settings.trials }));
  const jobs = cases.flatMap((state) => Array.from({ length: state.left }, (_, trial) => ({ state, trial })));
  // One switch for every request: the caller's cancel and our own stop after a fatal failure.
  const stop = new AbortController();
  const onCallerAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let reported = 0;
  let failure: { error: unknown } | undefined;
  // onCaseDone in plan order: report every finished case up to the first one still running.
  const flush = (): void => {
    for (let state = cases[reported]; state !== undefined && state.left === 0; state = cases[++reported]) events.onCaseDone?.(state.planned, state.outcomes);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next++]; job !== undefined && !stop.signal.aborted; job = jobs[next++]) {
      const { state, trial } = job;
      try {
        events.onTrialStart?.(state.planned, trial);
        const outcome = await runTrial(engine, state.planned, trial, stop.signal);
        // Cancelled: by the caller, or by the engine itself (which then runs nothing more either).
        if (outcome === undefined) {
          stop.abort();
          return;
        }
        state.outcomes[trial] = outcome;
        state.left--;
        events.onTrial?.(outcome, state.planned);
        flush();
      } catch (error) {
        failure ??= { error };
        stop.abort();
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (failure !== undefined) throw failure.error;
  const whole = cases.filter((state) => state.left === 0);
  // After a cancel, the whole cases past the first cut-short one are reported too, still in order.
  for (const state of cases.slice(reported)) if (state.left === 0) events.onCaseDone?.(state.planned, state.outcomes);
  return { outcomes: whole.flatMap((state) => state.outcomes), cancelled: whole.length < cases.length };
}

/** A case while the run goes: its trials' outcomes by trial number, and how many are still to end. */
interface CaseState {
  planned: PlannedCase;
  outcomes: TrialOutcome[];
  left: number;
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
    return { ...base, raw: result.text, calls: result.calls, ...(parseError !== undefined ? { parseError } : {}), finishReason: result.finishReason, verdict, timings: result.timings, ...(result.confidence ? { confidence: result.confidence } : {}), wallMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code === 'cancelled' || signal?.aborted) return undefined;
    if (FATAL.has(error.code)) throw error;
    return { ...base, raw: '', calls: [], finishReason: 'error', verdict: engineFailure(error.code, error.message), wallMs: Math.round(performance.now() - started) };
  }
}

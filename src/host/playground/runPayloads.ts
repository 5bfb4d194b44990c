import { EngineError, type EngineInfo, type GenerateResult } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import { toPlain } from '../../core/json/jsonValue';
import { checkCalls } from '../../core/playground/checkCalls';
import { checkExpected, type ExpectedAnswer } from '../../core/playground/expectedCheck';
import type { CompletionStep } from '../../core/playground/runToCompletion';
import type { PlaygroundRun } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { ActionId, CallPayload, ExpectedCheckPayload, PlainJson, RunResultPayload, StepPayload } from '../../shared/playgroundProtocol';

/*
 * Engine results → the Run pane's payloads (calls checked by the lint's call rules) and the
 * `lastRun` the file keeps. No vscode import: unit-tested in plain Node.
 */

export function callPayloads(tools: readonly Tool[], format: FormatId, calls: GenerateResult['calls']): CallPayload[] {
  const checks = checkCalls(tools, format, calls);
  return calls.map((call, i) => ({ name: call.name, arguments: toPlain(call.arguments) as PlainJson, check: checks[i] ?? { ok: true, problems: [] } }));
}

/** Each call's name confidence when the run measured it (null: its name was not found in the tokens, or the engine had none). */
function withConfidence(calls: CallPayload[], confidence: GenerateResult['confidence']): CallPayload[] {
  if (confidence === undefined) return calls;
  return calls.map((call, i) => {
    const c = confidence.calls?.[i] ?? null;
    return { ...call, confidence: c === null ? null : { p: c.p, alternatives: c.alternatives.map((a) => ({ name: a.name, p: a.p })) } };
  });
}

/** The run's calls against the expected answer, as `xlam-lab test` scores them (an unparsed output is the checker's format error). */
function expectedCheckOf(expected: ExpectedAnswer | undefined, tools: readonly Tool[], calls: GenerateResult['calls'], parseError: string | undefined, finishReason: GenerateResult['finishReason']): { expectedCheck?: ExpectedCheckPayload } {
  // A cancelled output is cut short by the user: a verdict on it would be a fail that means nothing.
  if (expected === undefined || finishReason === 'cancelled') return {};
  return { expectedCheck: checkExpected(expected, tools, { calls, ...(parseError !== undefined ? { parseError } : {}) }) };
}

export function runResultPayload(result: GenerateResult, tools: readonly Tool[], format: FormatId, engine: EngineInfo, wallMs: number, expected?: ExpectedAnswer): RunResultPayload {
  const t = result.timings;
  return {
    ok: true,
    output: result.text,
    content: result.content,
    finishReason: result.finishReason,
    parseError: result.parseError !== undefined ? { message: result.parseError.message, offset: Math.max(0, Math.min(result.parseError.offset, result.text.length)) } : null,
    calls: withConfidence(callPayloads(tools, format, result.calls), result.confidence),
    timings: { ttftMs: t.ttftMs, tokensPerSecond: t.tokensPerSecond, promptTokens: t.promptTokens, cachedPromptTokens: t.cachedPromptTokens, completionTokens: t.completionTokens, wallMs, loadMs: t.loadMs ?? null },
    engine: { kind: engine.kind, model: engine.model, backend: engine.backend },
    ...expectedCheckOf(expected, tools, result.calls, result.parseError?.message, result.finishReason),
  };
}

/** What the user can do about an engine failure: the action the Run pane offers as a button. */
export function actionFor(error: unknown): ActionId | null {
  if (!(error instanceof EngineError)) return 'showLog';
  switch (error.code) {
    case 'model-not-found':
    case 'model-corrupt':
    case 'unsupported-model':
    case 'out-of-memory':
      return 'selectModelFile';
    case 'offline':
    case 'endpoint-refused':
    case 'endpoint-http':
    case 'endpoint-timeout':
    case 'malformed-response':
    case 'connection-dropped':
      return 'connectEndpoint';
    case 'disposed':
      return 'selectEngine';
    case 'download-failed':
      return 'selectEngine';
    case 'cancelled':
      return 'retry';
    case 'untrusted':
      // The message says the two ways out (choose the engine again, or trust the workspace).
      return null;
    case 'grammar-rejected':
      // The tools' grammar cannot be enforced: the log says which schema; the grammar toggle is beside it.
      return 'showLog';
  }
}

export function failurePayload(error: unknown): RunResultPayload {
  const code = error instanceof EngineError ? error.code : 'internal';
  return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error), action: actionFor(error) } };
}

/** No engine loaded: say so, with the action that fixes it. */
export function noEnginePayload(message: string): RunResultPayload {
  return { ok: false, error: { code: 'no-engine', message, action: 'selectEngine' } };
}

/** `expected`: given for the step that answers the case's own conversation (step 0), as the suite scores it. */
export function stepPayload(step: CompletionStep, tools: readonly Tool[], format: FormatId, expected?: ExpectedAnswer): StepPayload {
  return {
    index: step.index,
    promptTokens: step.promptTokens,
    cachedPromptTokens: step.cachedPromptTokens,
    output: step.output,
    finishReason: step.finishReason,
    calls: callPayloads(tools, format, step.calls),
    toolResults: step.toolResults.map((record) => ({
      tool: record.call.name,
      outcome: record.outcome.kind,
      rule: record.outcome.kind === 'missing' ? null : record.outcome.rule,
      content: record.content,
    })),
    ...expectedCheckOf(expected, tools, step.calls, step.parseError?.message, step.finishReason),
  };
}

/** The `lastRun` the file stores after a single run. */
export function lastRunOf(result: GenerateResult, format: FormatId, variant: string | undefined, engine: EngineInfo, wallMs: number, at: Date, expectedCheck?: ExpectedCheckPayload): PlaygroundRun {
  return {
    output: result.text,
    calls: result.calls.map((call) => ({ name: call.name, arguments: call.arguments })),
    finishReason: result.finishReason,
    timings: { ...result.timings, wallMs },
    engine: { kind: engine.kind, model: engine.model, backend: engine.backend },
    format,
    ...(variant !== undefined ? { variant } : {}),
    at: at.toISOString(),
    ...(expectedCheck !== undefined ? { expectedCheck } : {}),
  };
}
